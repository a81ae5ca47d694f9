package org.keyproject.ledger;

/**
 * One thing wrong with a ledger: where (sheet, row as Excel numbers it, column title as the file
 * has it; row and column are null for the whole file or sheet) and a message key with its arguments.
 */
record LedgerProblem(String sheet, Integer row, String column, String messageKey, Object... args) {
}
