package org.keyproject.ledger;

import java.util.List;
import java.util.UUID;

/**
 * What an import did, or would do (dry run): how the columns were understood, what was created,
 * updated or left unchanged, and every error. applied is true only when the file landed.
 */
public record LedgerReport(UUID importId, Integer year, boolean dryRun, boolean applied, int rows, int created,
                           int updated, int unchanged, List<ColumnMapping> columns, List<String> ignoredColumns,
                           List<RowOutcome> projects, List<LedgerError> errors, List<LedgerError> warnings) {

    public boolean hasErrors() {
        return !errors.isEmpty();
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
