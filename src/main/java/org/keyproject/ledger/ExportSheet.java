package org.keyproject.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * One exported sheet in the layout the import reads: a title row over all columns, the header, then
 * the rows as they come, kept in a streaming workbook so that memory does not grow with the rows.
 * Amounts are numbers in 万元 (text when a double would not hold them exactly), dates are dates.
 */
final class ExportSheet implements AutoCloseable {

    /** Doubles hold 15 significant digits; a longer amount is written as text, which the import reads too. */
    private static final int EXACT_DIGITS = 15;
    private static final int ROWS_IN_MEMORY = 200;

    private final SXSSFWorkbook workbook = new SXSSFWorkbook(ROWS_IN_MEMORY);
    private final Sheet sheet;
    private final List<LedgerField> columns;
    private final CellStyle text;
    private final CellStyle amount;
    private final CellStyle date;
    private int next = 2;

    /** The title row, the header (each column's title as header gives it) and frozen panes up to the project's name. */
    ExportSheet(String sheetName, String title, List<LedgerField> columns, Function<LedgerField, String> header) {
        this.columns = columns;
        sheet = workbook.createSheet(sheetName);
        Font bold = workbook.createFont();
        bold.setBold(true);
        CellStyle titleStyle = workbook.createCellStyle();
        titleStyle.setFont(bold);
        CellStyle headerStyle = workbook.createCellStyle();
        headerStyle.setFont(bold);
        headerStyle.setWrapText(true);
        text = workbook.createCellStyle();
        text.setWrapText(true);
        amount = workbook.createCellStyle();
        amount.setDataFormat(workbook.createDataFormat().getFormat("#,##0.00##"));
        date = workbook.createCellStyle();
        date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
        Row titleRow = sheet.createRow(0);
        titleRow.createCell(0).setCellValue(title);
        titleRow.getCell(0).setCellStyle(titleStyle);
        sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, columns.size() - 1));
        Row headerRow = sheet.createRow(1);
        for (int c = 0; c < columns.size(); c++) {
            headerRow.createCell(c).setCellValue(header.apply(columns.get(c)));
            headerRow.getCell(c).setCellStyle(headerStyle);
            sheet.setColumnWidth(c, width(columns.get(c)) * 256);
        }
        sheet.createFreezePane(columns.indexOf(LedgerField.NAME) + 1, 2);
    }

    /** The next row, numbered 1, 2, … in the 序号 column when the sheet has one. */
    Row nextRow() {
        Row row = sheet.createRow(next);
        int sequence = columns.indexOf(LedgerField.SEQUENCE);
        if (sequence >= 0) {
            row.createCell(sequence).setCellValue(next - 1);
        }
        next++;
        return row;
    }

    /** The 合计 row under the rows, with the sums given. */
    void totals(List<LedgerField> fields, List<BigDecimal> sums) {
        Row row = sheet.createRow(next++);
        row.createCell(columns.indexOf(LedgerField.NAME)).setCellValue("合计");
        for (int i = 0; i < fields.size(); i++) {
            amount(row, fields.get(i), sums.get(i));
        }
    }

    void text(Row row, LedgerField field, String value) {
        if (value != null && !value.isBlank()) {
            int c = columns.indexOf(field);
            row.createCell(c).setCellValue(value);
            row.getCell(c).setCellStyle(text);
        }
    }

    void amount(Row row, LedgerField field, BigDecimal wan) {
        if (wan == null) {
            return;
        }
        int c = columns.indexOf(field);
        BigDecimal exact = wan.stripTrailingZeros();
        if (exact.precision() > EXACT_DIGITS) {
            row.createCell(c).setCellValue(exact.toPlainString());
        } else {
            row.createCell(c).setCellValue(exact.doubleValue());
            row.getCell(c).setCellStyle(amount);
        }
    }

    void date(Row row, LedgerField field, LocalDate value) {
        if (value != null) {
            int c = columns.indexOf(field);
            row.createCell(c).setCellValue(value);
            row.getCell(c).setCellStyle(date);
        }
    }

    void number(Row row, LedgerField field, Integer value) {
        if (value != null) {
            row.createCell(columns.indexOf(field)).setCellValue(value);
        }
    }

    void write(OutputStream out) {
        try {
            workbook.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            workbook.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        workbook.dispose();
    }

    private static int width(LedgerField field) {
        return switch (field) {
            case SEQUENCE, PLANNED_START_MONTH -> 8;
            case NAME, OWNER, ADDRESS, IMAGE_PROGRESS, PROBLEMS -> 30;
            case CONTENT_SCALE -> 50;
            case TOTAL_INVESTMENT, PLANNED_INVESTMENT, PLANNED_START, PLANNED_COMPLETION, ACTUAL_START, ACTUAL_COMPLETION, CODE,
                 PERIOD_AMOUNT, YTD_AMOUNT -> 16;
            default -> 12;
        };
    }
}
