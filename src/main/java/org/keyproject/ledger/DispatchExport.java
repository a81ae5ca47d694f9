package org.keyproject.ledger;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.keyproject.dispatch.ReportSheet;
import org.keyproject.people.CurrentUser;
import org.springframework.stereotype.Service;

/**
 * Writes a month's dispatch sheet (调度表) in the layout {@link DispatchImport} reads: the projects the
 * month's period covers in the caller's scope ({@link ReportSheet}), each with its report's figures,
 * or empty period columns where it has none, and a 合计 row. Importing the file back changes no report.
 */
@Service
class DispatchExport {

    /** The columns written, in order. */
    static final List<LedgerField> COLUMNS = List.of(LedgerField.SEQUENCE, LedgerField.CODE, LedgerField.NAME,
            LedgerField.OWNER, LedgerField.REGION, LedgerField.PERIOD_AMOUNT, LedgerField.YTD_AMOUNT,
            LedgerField.START_STATE, LedgerField.ACTUAL_START, LedgerField.IMAGE_PROGRESS, LedgerField.PROBLEMS);

    private final ReportSheet reports;

    DispatchExport(ReportSheet reports) {
        this.reports = reports;
    }

    String filename(YearMonth month) {
        return title(month) + ".xlsx";
    }

    void write(YearMonth month, CurrentUser by, OutputStream out) {
        try (ExportSheet sheet = new ExportSheet("调度表", title(month), COLUMNS, field -> header(field, month))) {
            BigDecimal[] sums = {BigDecimal.ZERO, BigDecimal.ZERO};
            reports.forEach(month, by, line -> {
                Row row = sheet.nextRow();
                sheet.text(row, LedgerField.CODE, line.code());
                sheet.text(row, LedgerField.NAME, line.name());
                sheet.text(row, LedgerField.OWNER, line.owner());
                sheet.text(row, LedgerField.REGION, line.region());
                sheet.amount(row, LedgerField.PERIOD_AMOUNT, line.periodAmount());
                sheet.amount(row, LedgerField.YTD_AMOUNT, line.ytdAmount());
                if (line.startedThisYear() != null) {
                    sheet.text(row, LedgerField.START_STATE, LedgerValues.startStateLabel(line.startedThisYear(), line.continuing()));
                }
                sheet.date(row, LedgerField.ACTUAL_START, line.startedOn());
                sheet.text(row, LedgerField.IMAGE_PROGRESS, line.imageProgress());
                sheet.text(row, LedgerField.PROBLEMS, line.problemsText());
                if (line.periodAmount() != null) {
                    sums[0] = sums[0].add(line.periodAmount());
                    sums[1] = sums[1].add(line.ytdAmount());
                }
            });
            sheet.totals(List.of(LedgerField.PERIOD_AMOUNT, LedgerField.YTD_AMOUNT), List.of(sums));
            sheet.write(out);
        }
    }

    private static String title(YearMonth month) {
        return month.getYear() + "年" + month.getMonthValue() + "月重点项目调度表";
    }

    /** The export's titles, the year-to-date one naming the period's month (1-5月累计完成投资), as the import asks. */
    private static String header(LedgerField field, YearMonth month) {
        return field == LedgerField.YTD_AMOUNT ? "1-" + month.getMonthValue() + "月累计完成投资（万元）" : field.exportTitle();
    }
}
