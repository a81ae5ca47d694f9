package org.keyproject.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

/**
 * What an import did, or would do (dry run): how the columns were understood, what was created,
 * updated or left unchanged, and every error. applied is true only when the file landed. reports is
 * the dispatch part of a ledger imported with a period (absent otherwise).
 */
public record LedgerReport(UUID importId, Integer year, boolean dryRun, boolean applied, int rows, int created,
                           int updated, int unchanged, List<ColumnMapping> columns, List<String> ignoredColumns,
                           List<RowOutcome> projects, List<LedgerError> errors, List<LedgerError> warnings,
                           @JsonInclude(JsonInclude.Include.NON_NULL) SheetReports reports) {

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    LedgerReport withReports(SheetReports sheet) {
        return new LedgerReport(importId, year, dryRun, applied, rows, created, updated, unchanged, columns, ignoredColumns,
                projects, errors, warnings, sheet);
    }

    /** The period's progress reports written from the same file: created, updated and unchanged, one outcome per row. */
    public record SheetReports(YearMonth period, int created, int updated, int unchanged, List<RowOutcome> rows) {

        static SheetReports of(YearMonth period, List<RowOutcome> rows) {
            return new SheetReports(period, count(rows, Outcome.CREATED), count(rows, Outcome.UPDATED),
                    count(rows, Outcome.UNCHANGED), rows);
        }
    }

    static int count(List<RowOutcome> outcomes, Outcome outcome) {
        return (int) outcomes.stream().filter(o -> o.outcome() == outcome).count();
    }

    /** A column title of the file, the field it was read into (null when ignored) and its unit. */
    public record ColumnMapping(String sheet, String title, LedgerField field, String fieldLabel, String unit) {
    }

    /** One data row's project and what happened to it: CREATED, UPDATED or UNCHANGED. */
    public record RowOutcome(String sheet, int row, Long projectId, String code, String name, Outcome outcome) {
    }

    public enum Outcome {
        CREATED, UPDATED, UNCHANGED
    }

    /** Where (sheet, row as Excel numbers it, column title) and why, in the caller's language. */
    public record LedgerError(String sheet, Integer row, String column, String message) {
    }
}
