package org.keyproject.indicator;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormat;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.keyproject.web.Texts;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Writes a cockpit table to an .xlsx file: a title row naming the region, month and table, the header,
 * one row per table row. Counts are whole numbers, amounts exact in 万元 (as the ledger export writes
 * them: a number, or text beyond the 15 digits a double holds), rates and points the published decimals.
 */
@Component
class CockpitExport {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final int EXACT_DIGITS = 15;

    private final Texts texts;

    CockpitExport(Texts texts) {
        this.texts = texts;
    }

    /** Sends the table as an attachment named after its title. */
    void send(CockpitTable table, String title, HttpServletResponse response) throws IOException {
        response.setContentType(XLSX);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(title + ".xlsx", StandardCharsets.UTF_8).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            write(workbook, table, title);
            workbook.write(response.getOutputStream());
        }
        response.flushBuffer();
    }

    private void write(SXSSFWorkbook workbook, CockpitTable table, String title) {
        Sheet sheet = workbook.createSheet(texts.text(table.titleKey()));
        Font bold = workbook.createFont();
        bold.setBold(true);
        CellStyle heading = workbook.createCellStyle();
        heading.setFont(bold);
        heading.setWrapText(true);
        DataFormat formats = workbook.createDataFormat();
        CellStyle amount = workbook.createCellStyle();
        amount.setDataFormat(formats.getFormat("#,##0.00##"));
        CellStyle count = workbook.createCellStyle();
        count.setDataFormat(formats.getFormat("#,##0"));
        Map<Integer, CellStyle> rates = new HashMap<>();
        List<CockpitTable.Column> columns = table.columns();
        Row titleRow = sheet.createRow(0);
        titleRow.createCell(0).setCellValue(title);
        titleRow.getCell(0).setCellStyle(heading);
        sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, columns.size() - 1));
        Row header = sheet.createRow(1);
        for (int c = 0; c < columns.size(); c++) {
            header.createCell(c).setCellValue(texts.text(columns.get(c).headerKey()));
            header.getCell(c).setCellStyle(heading);
            sheet.setColumnWidth(c, (columns.get(c).kind() == CockpitTable.Kind.TEXT ? 24 : 14) * 256);
        }
        sheet.createFreezePane(1, 2);
        int r = 2;
        for (List<CockpitTable.Cell> cells : table.rows()) {
            Row row = sheet.createRow(r++);
            for (int c = 0; c < cells.size(); c++) {
                CockpitTable.Cell cell = cells.get(c);
                if (cell.value() == null) {
                    continue;
                }
                switch (cell.kind()) {
                    case TEXT -> row.createCell(c).setCellValue(cell.value().toString());
                    case COUNT -> {
                        row.createCell(c).setCellValue(((Number) cell.value()).longValue());
                        row.getCell(c).setCellStyle(count);
                    }
                    case AMOUNT -> {
                        BigDecimal exact = ((BigDecimal) cell.value()).stripTrailingZeros();
                        if (exact.precision() > EXACT_DIGITS) {
                            row.createCell(c).setCellValue(exact.toPlainString());
                        } else {
                            row.createCell(c).setCellValue(exact.doubleValue());
                            row.getCell(c).setCellStyle(amount);
                        }
                    }
                    case RATE, POINTS -> {
                        BigDecimal published = (BigDecimal) cell.value();
                        row.createCell(c).setCellValue(published.doubleValue());
                        // exactly the published decimals: 77.3, not 77.30
                        row.getCell(c).setCellStyle(rates.computeIfAbsent(published.scale(), scale -> {
                            CellStyle style = workbook.createCellStyle();
                            style.setDataFormat(formats.getFormat(scale <= 0 ? "0" : "0." + "0".repeat(scale)));
                            return style;
                        }));
                    }
                }
            }
        }
    }
}
