package org.keyproject.common;

import java.util.List;

/** Input that breaks a rule; carries every problem found, each naming its field. */
public class InvalidInputException extends RuntimeException {

    private final List<FieldProblem> problems;

    public InvalidInputException(List<FieldProblem> problems) {
        super(problems.stream().map(p -> p.field() + ": " + p.messageKey()).reduce((a, b) -> a + "; " + b).orElse("invalid"));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String field, String messageKey, Object... args) {
        this(List.of(new FieldProblem(field, messageKey, args)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
