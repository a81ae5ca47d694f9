package org.keyproject.ledger;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
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
        try (ExportSheet sheet = new ExportSheet("重点项目台账", year + "年重点项目台账", COLUMNS, LedgerField::exportTitle)) {
            BigDecimal[] sums = {BigDecimal.ZERO, BigDecimal.ZERO};
            queries.forEach(filter, by.scope(), project -> {
                ListEntry entry = entryOf(project, year, preferred);
                writeRow(sheet, sheet.nextRow(), project, entry);
                sums[0] = sums[0].add(project.totalInvestment());
                if (entry != null) {
                    sums[1] = sums[1].add(entry.plannedInvestment());
                }
            });
            sheet.totals(List.of(LedgerField.TOTAL_INVESTMENT, LedgerField.PLANNED_INVESTMENT), List.of(sums));
            sheet.write(out);
        }
    }

    /** The project's entry on the year's list of the caller's level, else on any list of that year. */
    private ListEntry entryOf(ProjectDetails project, int year, ListLevel preferred) {
        List<ListEntry> entries = queries.listEntries(project.id()).stream().filter(e -> e.year() == year).toList();
        return entries.stream().filter(e -> e.level() == preferred).findFirst()
                .orElse(entries.isEmpty() ? null : entries.get(0));
    }

    private static void writeRow(ExportSheet sheet, Row row, ProjectDetails p, ListEntry entry) {
        for (LedgerField field : COLUMNS) {
            switch (field) {
                case SEQUENCE -> { } // numbered by the sheet
                case CODE -> sheet.text(row, field, p.code());
                case NAME -> sheet.text(row, field, p.name());
                case OWNER -> sheet.text(row, field, p.ownerName());
                case REGION -> sheet.text(row, field, p.regionName());
                case ADDRESS -> sheet.text(row, field, p.address());
                case NATURE -> sheet.text(row, field, LedgerValues.natureLabel(p.nature()));
                case CATEGORY -> sheet.text(row, field, LedgerValues.categoryLabel(p.category(), p.manufacturing()));
                case INDUSTRY -> sheet.text(row, field, p.industryName());
                case TOTAL_INVESTMENT -> sheet.amount(row, field, p.totalInvestment());
                case PLANNED_INVESTMENT -> sheet.amount(row, field, entry == null ? null : entry.plannedInvestment());
                case CONTENT_SCALE -> sheet.text(row, field, p.contentScale());
                case PLANNED_START -> sheet.date(row, field, p.plannedStartDate());
                case PLANNED_COMPLETION -> sheet.date(row, field, p.plannedCompletionDate());
                case ACTUAL_START -> sheet.date(row, field, p.actualStartDate());
                case ACTUAL_COMPLETION -> sheet.date(row, field, p.actualCompletionDate());
                case LEADER -> sheet.text(row, field, p.leaderName());
                case DEPARTMENT -> sheet.text(row, field, p.departmentName());
                case COMMISSIONER -> sheet.text(row, field, p.commissionerName());
                case TASK_FORCE -> sheet.text(row, field, p.taskForce());
                case TARGET -> sheet.text(row, field, entry == null ? null : LedgerValues.targetLabel(entry.target()));
                case PLANNED_START_MONTH -> sheet.number(row, field, entry == null ? null : entry.plannedStartMonth());
                default -> throw new IllegalStateException("not a ledger column: " + field);
            }
        }
    }
}
