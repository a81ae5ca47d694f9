package org.keyproject.dispatch;

import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.InvalidInputException;
import org.keyproject.web.Texts;
import org.springframework.util.MultiValueMap;

/**
 * A page form's fields as typed, parsed one by one: a value that does not parse becomes a problem
 * naming its field, and the typed values go back to the page with the problems by field.
 */
final class FormValues {

    final Map<String, String> values = new LinkedHashMap<>();
    final List<FieldProblem> problems = new ArrayList<>();
    private final Texts texts;

    FormValues(MultiValueMap<String, String> raw, Texts texts) {
        this.texts = texts;
        if (raw != null) {
            raw.forEach((name, v) -> {
                if (!v.isEmpty() && !name.startsWith("_")) {
                    values.put(name, v.get(0));
                }
            });
        }
    }

    <T> T value(String field, Function<String, T> parser) {
        return parse(field, values.get(field), parser);
    }

    <T> T parse(String field, String text, Function<String, T> parser) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return parser.apply(text.trim());
        } catch (DateTimeParseException | IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "error.badValue", texts.fieldLabel(field), text));
            return null;
        }
    }

    /** What came of a change: its result, or the problems' messages by field when it was refused. */
    record Outcome<T>(T value, Map<String, List<String>> errors) {

        boolean done() {
            return errors.isEmpty();
        }
    }

    /** Runs the change when every field parsed; the parsing problems or those the change refuses make the errors. */
    <T> Outcome<T> attempt(Supplier<T> change) {
        List<FieldProblem> found = new ArrayList<>(problems);
        if (found.isEmpty()) {
            try {
                return new Outcome<>(change.get(), Map.of());
            } catch (InvalidInputException e) {
                found.addAll(e.problems());
            }
        }
        return new Outcome<>(null, byField(found, texts));
    }

    /** The problems' messages by field, in the order found, for a page to mark each field. */
    private static Map<String, List<String>> byField(List<FieldProblem> problems, Texts texts) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (FieldProblem p : problems) {
            errors.computeIfAbsent(p.field(), k -> new ArrayList<>()).add(texts.text(p));
        }
        return errors;
    }
}
