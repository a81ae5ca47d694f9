package org.keyproject.project;

/**
 * Something wrong (or, as a warning, worth a look) with one row of a batch: the row, the field as
 * ProjectForm names it, a message key and its arguments.
 */
public record BatchProblem(int rowNo, String field, boolean warning, String messageKey, Object... args) {
}
