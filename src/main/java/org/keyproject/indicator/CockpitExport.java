package org.keyproject.indicator;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.keyproject.web.Texts;
import org.keyproject.web.XlsxSheet;
import org.springframework.stereotype.Component;

/**
 * Writes a cockpit table to an .xlsx file ({@link XlsxSheet}): a title row naming the region, month and
 * table, the header, one row per table row. Counts are whole numbers, amounts exact in 万元 (as the
 * ledger export writes them), rates and points the published decimals.
 */
@Component
class CockpitExport {

    static final String XLSX = XlsxSheet.CONTENT_TYPE;

    private final Texts texts;

    CockpitExport(Texts texts) {
        this.texts = texts;
    }

    /** Sends the table as an attachment named after its title. */
    void send(CockpitTable table, String title, HttpServletResponse response) throws IOException {
        List<CockpitTable.Column> columns = table.columns();
        XlsxSheet.send(title + ".xlsx", out -> {
            try (XlsxSheet sheet = new XlsxSheet(texts.text(table.titleKey()), title,
                    columns.stream().map(c -> texts.text(c.headerKey())).toList(),
                    columns.stream().map(c -> c.kind() == CockpitTable.Kind.TEXT ? 24 : 14).toList(), 1)) {
                for (List<CockpitTable.Cell> cells : table.rows()) {
                    write(sheet, sheet.nextRow(), cells);
                }
                sheet.write(out);
            }
        }, response);
    }

    private static void write(XlsxSheet sheet, Row row, List<CockpitTable.Cell> cells) {
        for (int c = 0; c < cells.size(); c++) {
            CockpitTable.Cell cell = cells.get(c);
            if (cell.value() == null) {
                continue;
            }
            switch (cell.kind()) {
                case TEXT -> sheet.text(row, c, cell.value().toString());
                case COUNT -> sheet.count(row, c, ((Number) cell.value()).longValue());
                case AMOUNT -> sheet.amount(row, c, (BigDecimal) cell.value());
                case RATE, POINTS -> sheet.decimal(row, c, (BigDecimal) cell.value());
            }
        }
    }
}
