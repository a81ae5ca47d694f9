package org.keyproject.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * One exported .xlsx sheet as every export of the product writes it: a title row over all columns, a
 * bold header, frozen panes, then the rows as they come, kept in a streaming workbook so that memory
 * does not grow with the rows. Counts are whole numbers, amounts exact in 万元 (a number, or text beyond
 * the 15 digits a double holds), rates with exactly their published decimals, dates dates.
 */
public final class XlsxSheet implements AutoCloseable {

    public static final String CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** Doubles hold 15 significant digits; a longer amount is written as text, which the imports read too. */
    private static final int EXACT_DIGITS = 15;
    private static final int ROWS_IN_MEMORY = 200;

    private final SXSSFWorkbook workbook = new SXSSFWorkbook(ROWS_IN_MEMORY);
    private final Sheet sheet;
    private final DataFormat formats;
    private final CellStyle text;
    private final CellStyle count;
    private final CellStyle amount;
    private final CellStyle date;
    private final Map<Integer, CellStyle> decimals = new HashMap<>();
    private int next = 2;

    /**
     * The title row, the header (each column's title and width in characters), frozen panes left of
     * frozenColumns and above the first row.
     */
    public XlsxSheet(String sheetName, String title, List<String> headers, List<Integer> widths, int frozenColumns) {
        sheet = workbook.createSheet(sheetName);
        formats = workbook.createDataFormat();
        Font bold = workbook.createFont();
        bold.setBold(true);
        CellStyle titleStyle = workbook.createCellStyle();
        titleStyle.setFont(bold);
        CellStyle headerStyle = workbook.createCellStyle();
        headerStyle.setFont(bold);
        headerStyle.setWrapText(true);
        text = workbook.createCellStyle();
        text.setWrapText(true);
        count = workbook.createCellStyle();
        count.setDataFormat(formats.getFormat("#,##0"));
        amount = workbook.createCellStyle();
        amount.setDataFormat(formats.getFormat("#,##0.00##"));
        date = workbook.createCellStyle();
        date.setDataFormat(formats.getFormat("yyyy-mm-dd"));
        Row titleRow = sheet.createRow(0);
        titleRow.createCell(0).setCellValue(title);
        titleRow.getCell(0).setCellStyle(titleStyle);
        if (headers.size() > 1) {
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, headers.size() - 1));
        }
        Row headerRow = sheet.createRow(1);
        for (int c = 0; c < headers.size(); c++) {
            headerRow.createCell(c).setCellValue(headers.get(c));
            headerRow.getCell(c).setCellStyle(headerStyle);
            sheet.setColumnWidth(c, widths.get(c) * 256);
        }
        sheet.createFreezePane(frozenColumns, 2);
    }

    /** Sends what the writer writes as an .xlsx attachment under the file name, not to be cached. */
    public static void send(String filename, Consumer<OutputStream> writer, HttpServletResponse response) throws IOException {
        response.setContentType(CONTENT_TYPE);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(filename, StandardCharsets.UTF_8).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        writer.accept(response.getOutputStream());
        response.flushBuffer();
    }

    /** The next row under the header (the first is row 2, 0-based). */
    public Row nextRow() {
        return sheet.createRow(next++);
    }

    /** The number of rows written under the header so far. */
    public int rows() {
        return next - 2;
    }

    public void text(Row row, int column, String value) {
        if (value != null && !value.isBlank()) {
            row.createCell(column).setCellValue(value);
            row.getCell(column).setCellStyle(text);
        }
    }

    /** A plain whole number (a 序号, working days). */
    public void number(Row row, int column, Integer value) {
        if (value != null) {
            row.createCell(column).setCellValue(value);
        }
    }

    /** A count, with thousands separators. */
    public void count(Row row, int column, long value) {
        row.createCell(column).setCellValue(value);
        row.getCell(column).setCellStyle(count);
    }

    /** An amount in 万元, exact. */
    public void amount(Row row, int column, BigDecimal wan) {
        if (wan == null) {
            return;
        }
        BigDecimal exact = wan.stripTrailingZeros();
        if (exact.precision() > EXACT_DIGITS) {
            row.createCell(column).setCellValue(exact.toPlainString());
        } else {
            row.createCell(column).setCellValue(exact.doubleValue());
            row.getCell(column).setCellStyle(amount);
        }
    }

    /** A rate or points with exactly the decimals they were published with: 77.3, not 77.30. */
    public void decimal(Row row, int column, BigDecimal published) {
        if (published == null) {
            return;
        }
        row.createCell(column).setCellValue(published.doubleValue());
        row.getCell(column).setCellStyle(decimals.computeIfAbsent(published.scale(), scale -> {
            CellStyle style = workbook.createCellStyle();
            style.setDataFormat(formats.getFormat(scale <= 0 ? "0" : "0." + "0".repeat(scale)));
            return style;
        }));
    }

    public void date(Row row, int column, LocalDate value) {
        if (value != null) {
            row.createCell(column).setCellValue(value);
            row.getCell(column).setCellStyle(date);
        }
    }

    public void write(OutputStream out) {
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
}
