package org.keyproject.ledger;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.apache.poi.ss.usermodel.Row;
import org.keyproject.web.XlsxSheet;

/**
 * One exported sheet in the layout the import reads ({@link XlsxSheet}: title row, header, rows as they
 * come in a streaming workbook), its columns named by the ledger fields, numbered in the 序号 column,
 * frozen up to the project's name, with a 合计 row.
 */
final class ExportSheet implements AutoCloseable {

    private final XlsxSheet sheet;
    private final List<LedgerField> columns;

    /** The title row, the header (each column's title as header gives it) and frozen panes up to the project's name. */
    ExportSheet(String sheetName, String title, List<LedgerField> columns, Function<LedgerField, String> header) {
        this.columns = columns;
        sheet = new XlsxSheet(sheetName, title, columns.stream().map(header).toList(),
                columns.stream().map(ExportSheet::width).toList(), columns.indexOf(LedgerField.NAME) + 1);
    }

    /** The next row, numbered 1, 2, … in the 序号 column when the sheet has one. */
    Row nextRow() {
        Row row = sheet.nextRow();
        int sequence = columns.indexOf(LedgerField.SEQUENCE);
        if (sequence >= 0) {
            sheet.number(row, sequence, sheet.rows());
        }
        return row;
    }

    /** The 合计 row under the rows, with the sums given. */
    void totals(List<LedgerField> fields, List<BigDecimal> sums) {
        Row row = sheet.nextRow();
        sheet.text(row, columns.indexOf(LedgerField.NAME), "合计");
        for (int i = 0; i < fields.size(); i++) {
            amount(row, fields.get(i), sums.get(i));
        }
    }

    void text(Row row, LedgerField field, String value) {
        sheet.text(row, columns.indexOf(field), value);
    }

    void amount(Row row, LedgerField field, BigDecimal wan) {
        sheet.amount(row, columns.indexOf(field), wan);
    }

    void date(Row row, LedgerField field, LocalDate value) {
        sheet.date(row, columns.indexOf(field), value);
    }

    void number(Row row, LedgerField field, Integer value) {
        sheet.number(row, columns.indexOf(field), value);
    }

    void write(OutputStream out) {
        sheet.write(out);
    }

    @Override
    public void close() {
        sheet.close();
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
