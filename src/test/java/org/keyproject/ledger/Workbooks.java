package org.keyproject.ledger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Builds the messy spreadsheets of the tests the way people make them in Excel. */
public final class Workbooks {

    private Workbooks() {
    }

    /** One sheet named 重点项目 with the rows given; a row of values per call of {@link SheetBuilder#row}. */
    public static byte[] xlsx(Consumer<SheetBuilder> content) {
        return write(new XSSFWorkbook(), content);
    }

    /** The same as an old Excel 97-2003 .xls file. */
    static byte[] xls(Consumer<SheetBuilder> content) {
        return write(new HSSFWorkbook(), content);
    }

    private static byte[] write(Workbook created, Consumer<SheetBuilder> content) {
        try (Workbook workbook = created; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            content.accept(new SheetBuilder(workbook, workbook.createSheet("重点项目")));
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class SheetBuilder {
        private final Sheet sheet;
        private final CellStyle dateStyle;
        private int next;

        SheetBuilder(Workbook workbook, Sheet sheet) {
            this.sheet = sheet;
            this.dateStyle = workbook.createCellStyle();
            this.dateStyle.setDataFormat(workbook.createDataFormat().getFormat("yyyy/m/d"));
        }

        /** Writes the next row: String → text, Number → a numeric (double) cell, LocalDate → a date cell, null → no cell. */
        public SheetBuilder row(Object... values) {
            Row row = sheet.createRow(next++);
            for (int c = 0; c < values.length; c++) {
                Object v = values[c];
                if (v == null) {
                    continue;
                }
                Cell cell = row.createCell(c);
                if (v instanceof Number n) {
                    cell.setCellValue(n.doubleValue());
                } else if (v instanceof LocalDate d) {
                    cell.setCellValue(d);
                    cell.setCellStyle(dateStyle);
                } else {
                    cell.setCellValue(v.toString());
                }
            }
            return this;
        }

        /** Merges cells of rows already written (0-based, inclusive). */
        SheetBuilder merge(int firstRow, int lastRow, int firstCol, int lastCol) {
            sheet.addMergedRegion(new CellRangeAddress(firstRow, lastRow, firstCol, lastCol));
            return this;
        }

        /** The Excel row number (1-based) the next row will have. */
        int nextRowNumber() {
            return next + 1;
        }
    }

    /** The rows of the first sheet as displayed text, for reading exports. */
    static List<List<String>> rows(byte[] xlsx) {
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            DataFormatter formatter = new DataFormatter();
            List<List<String>> rows = new ArrayList<>();
            for (Row row : workbook.getSheetAt(0)) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < row.getLastCellNum(); c++) {
                    cells.add(row.getCell(c) == null ? "" : formatter.formatCellValue(row.getCell(c)));
                }
                rows.add(cells);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
