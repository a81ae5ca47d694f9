package org.keyproject.common;

/**
 * One thing wrong with one field: the field's name, a message key of messages*.properties and
 * its arguments, so that pages and the API say it in the user's language.
 */
public record FieldProblem(String field, String messageKey, Object... args) {
}
