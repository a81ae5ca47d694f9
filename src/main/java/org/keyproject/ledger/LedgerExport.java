package org.keyproject.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.keyproject.people.CurrentUser;
import org.keyproject.project.ListEntry;
import org.keyproject.project.ListLevel;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.ProjectFilter;
import org.keyproject.project.ProjectQueries;
import org.keyproject.region.Regions;
import org.springframework.stereotype.Service;

/**
 * Writes the filtered project list (within the caller's scope) as a ledger in the layout the import
 * reads: a title row naming the year, the header, one row per project with its entry on the year's
 * list, and a 合计 row. Rows stream from the database into a streaming workbook, so the memory used
 * does not grow with the list; amounts are numbers in 万元, so that importing the file back changes
 * nothing.
 */
@Service
public class LedgerExport {

    /** The columns written, in order; the import reads all of them back. */
    static final List<LedgerField> COLUMNS = List.of(LedgerField.SEQUENCE, LedgerField.CODE, LedgerField.NAME,
            LedgerField.OWNER, LedgerField.REGION, LedgerField.ADDRESS, LedgerField.NATURE, LedgerField.CATEGORY,
            LedgerField.INDUSTRY, LedgerField.TOTAL_INVESTMENT, LedgerField.PLANNED_INVESTMENT,
            LedgerField.CONTENT_SCALE, LedgerField.PLANNED_START, LedgerField.PLANNED_COMPLETION,
            LedgerField.ACTUAL_START, LedgerField.ACTUAL_COMPLETION, LedgerField.LEADER,
            LedgerField.DEPARTMENT, LedgerField.COMMISSIONER, LedgerField.TASK_FORCE, LedgerField.TARGET,
            LedgerField.PLANNED_START_MONTH);
    /** Doubles hold 15 significant digits; a longer amount is written as text, which the import reads too. */
    private static final int EXACT_DIGITS = 15;
    private static final int ROWS_IN_MEMORY = 200;
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final ProjectQueries queries;
    private final Regions regions;

    LedgerExport(ProjectQueries queries, Regions regions) {
        this.queries = queries;
        this.regions = regions;
    }

    /** The year an export is for: the one asked for, else the list year filtered on, else this year. */
    public int yearOf(Integer year, ProjectFilter filter) {
        if (year != null) {
            return year;
        }
        return filter.listYear() != null ? filter.listYear() : LocalDate.now(ZONE).getYear();
    }

    /** The file name offered for download. */
    public String filename(int year) {
        return year + "年重点项目台账.xlsx";
    }

    public void write(ProjectFilter filter, int year, CurrentUser by, OutputStream out) {
        ListLevel preferred = LedgerImport.levelOf(regions.get(by.regionId()));
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(ROWS_IN_MEMORY)) {
            Sheet sheet = workbook.createSheet("重点项目台账");
            Styles styles = new Styles(workbook);
            Row title = sheet.createRow(0);
            title.createCell(0).setCellValue(year + "年重点项目台账");
            title.getCell(0).setCellStyle(styles.title);
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, COLUMNS.size() - 1));
            Row header = sheet.createRow(1);
            for (int c = 0; c < COLUMNS.size(); c++) {
                header.createCell(c).setCellValue(COLUMNS.get(c).exportTitle());
                header.getCell(c).setCellStyle(styles.header);
                sheet.setColumnWidth(c, width(COLUMNS.get(c)) * 256);
            }
            sheet.createFreezePane(3, 2);
            int[] next = {2};
            BigDecimal[] sums = {BigDecimal.ZERO, BigDecimal.ZERO};
            queries.forEach(filter, by.scope(), project -> {
                ListEntry entry = entryOf(project, year, preferred);
                Row row = sheet.createRow(next[0]);
                writeRow(row, next[0] - 1, project, entry, styles);
                sums[0] = sums[0].add(project.totalInvestment());
                if (entry != null) {
                    sums[1] = sums[1].add(entry.plannedInvestment());
                }
                next[0]++;
            });
            Row total = sheet.createRow(next[0]);
            total.createCell(COLUMNS.indexOf(LedgerField.NAME)).setCellValue("合计");
            amount(total, COLUMNS.indexOf(LedgerField.TOTAL_INVESTMENT), sums[0], styles);
            amount(total, COLUMNS.indexOf(LedgerField.PLANNED_INVESTMENT), sums[1], styles);
            workbook.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project's entry on the year's list of the caller's level, else on any list of that year. */
    private ListEntry entryOf(ProjectDetails project, int year, ListLevel preferred) {
        List<ListEntry> entries = queries.listEntries(project.id()).stream().filter(e -> e.year() == year).toList();
        return entries.stream().filter(e -> e.level() == preferred).findFirst()
                .orElse(entries.isEmpty() ? null : entries.get(0));
    }

    private void writeRow(Row row, int sequence, ProjectDetails p, ListEntry entry, Styles styles) {
        for (int c = 0; c < COLUMNS.size(); c++) {
            switch (COLUMNS.get(c)) {
                case SEQUENCE -> row.createCell(c).setCellValue(sequence);
                case CODE -> text(row, c, p.code(), styles);
                case NAME -> text(row, c, p.name(), styles);
                case OWNER -> text(row, c, p.ownerName(), styles);
                case REGION -> text(row, c, p.regionName(), styles);
                case ADDRESS -> text(row, c, p.address(), styles);
                case NATURE -> text(row, c, LedgerValues.natureLabel(p.nature()), styles);
                case CATEGORY -> text(row, c, LedgerValues.categoryLabel(p.category(), p.manufacturing()), styles);
                case INDUSTRY -> text(row, c, p.industryName(), styles);
                case TOTAL_INVESTMENT -> amount(row, c, p.totalInvestment(), styles);
                case PLANNED_INVESTMENT -> amount(row, c, entry == null ? null : entry.plannedInvestment(), styles);
                case CONTENT_SCALE -> text(row, c, p.contentScale(), styles);
                case PLANNED_START -> date(row, c, p.plannedStartDate(), styles);
                case PLANNED_COMPLETION -> date(row, c, p.plannedCompletionDate(), styles);
                case ACTUAL_START -> date(row, c, p.actualStartDate(), styles);
                case ACTUAL_COMPLETION -> date(row, c, p.actualCompletionDate(), styles);
                case LEADER -> text(row, c, p.leaderName(), styles);
                case DEPARTMENT -> text(row, c, p.departmentName(), styles);
                case COMMISSIONER -> text(row, c, p.commissionerName(), styles);
                case TASK_FORCE -> text(row, c, p.taskForce(), styles);
                case TARGET -> text(row, c, entry == null ? null : LedgerValues.targetLabel(entry.target()), styles);
                case PLANNED_START_MONTH -> {
                    if (entry != null && entry.plannedStartMonth() != null) {
                        row.createCell(c).setCellValue(entry.plannedStartMonth());
                    }
                }
            }
        }
    }

    private static void text(Row row, int c, String value, Styles styles) {
        if (value != null && !value.isBlank()) {
            row.createCell(c).setCellValue(value);
            row.getCell(c).setCellStyle(styles.text);
        }
    }

    private static void amount(Row row, int c, BigDecimal wan, Styles styles) {
        if (wan == null) {
            return;
        }
        BigDecimal exact = wan.stripTrailingZeros();
        if (exact.precision() > EXACT_DIGITS) {
            row.createCell(c).setCellValue(exact.toPlainString());
        } else {
            row.createCell(c).setCellValue(exact.doubleValue());
            row.getCell(c).setCellStyle(styles.amount);
        }
    }

    private static void date(Row row, int c, LocalDate value, Styles styles) {
        if (value != null) {
            row.createCell(c).setCellValue(value);
            row.getCell(c).setCellStyle(styles.date);
        }
    }

    private static int width(LedgerField field) {
        return switch (field) {
            case SEQUENCE, PLANNED_START_MONTH -> 8;
            case NAME, OWNER, ADDRESS -> 30;
            case CONTENT_SCALE -> 50;
            case TOTAL_INVESTMENT, PLANNED_INVESTMENT, PLANNED_START, PLANNED_COMPLETION, ACTUAL_START, ACTUAL_COMPLETION, CODE -> 16;
            default -> 12;
        };
    }

    private static final class Styles {
        final CellStyle title;
        final CellStyle header;
        final CellStyle text;
        final CellStyle amount;
        final CellStyle date;

        Styles(SXSSFWorkbook workbook) {
            Font bold = workbook.createFont();
            bold.setBold(true);
            title = workbook.createCellStyle();
            title.setFont(bold);
            header = workbook.createCellStyle();
            header.setFont(bold);
            header.setWrapText(true);
            text = workbook.createCellStyle();
            text.setWrapText(true);
            amount = workbook.createCellStyle();
            amount.setDataFormat(workbook.createDataFormat().getFormat("#,##0.00##"));
            date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
        }
    }
}
