package org.keyproject.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.StaleVersionException;
import org.keyproject.common.StateConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.util.ClassUtils;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** API errors as RFC 9457 problem details; invalid input lists every field with a localized message. */
@RestControllerAdvice(annotations = RestController.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final MessageSource messages;
    private final Texts texts;

    ApiErrors(MessageSource messages, Texts texts) {
        this.messages = messages;
        this.texts = texts;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, text("error.notFound", e.entity(), e.id()));
    }

    @ExceptionHandler(StaleVersionException.class)
    ProblemDetail stale(StaleVersionException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, text("error.stale"));
        p.setProperty("currentVersion", e.currentVersion());
        return p;
    }

    /** A move the thing's state does not allow: 409, with the state named for the client. */
    @ExceptionHandler(StateConflictException.class)
    ProblemDetail stateConflict(StateConflictException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, text(e.messageKey(), e.args()));
        p.setProperty("state", e.state());
        return p;
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        return problem(HttpStatus.FORBIDDEN, text(e.messageKey()));
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldProblem fp : e.problems()) {
            errors.add(Map.of("field", fp.field(), "message", text(fp.messageKey(), fp.args())));
        }
        return invalid(errors);
    }

    /** Bean Validation of a request body: by @Valid (MethodArgumentNotValidException) or after a scope check. */
    @ExceptionHandler(BindException.class)
    ProblemDetail beanValidation(BindException e) {
        List<Map<String, String>> errors = new ArrayList<>();
        for (FieldError fe : e.getBindingResult().getFieldErrors()) {
            String label = texts.fieldLabel(fe.getObjectName(), fe.getField());
            errors.add(Map.of("field", fe.getField(), "message", label + ": " + messages.getMessage(fe, locale())));
        }
        return invalid(errors);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
            JsonMappingException.Reference where = mie.getPath().get(mie.getPath().size() - 1);
            String field = String.valueOf(where.getFieldName());
            Object value = mie instanceof InvalidFormatException ife ? ife.getValue() : "";
            return invalid(List.of(Map.of("field", field,
                    "message", text("error.badValue", texts.fieldLabel(objectName(where.getFrom()), field), String.valueOf(value)))));
        }
        return problem(HttpStatus.BAD_REQUEST, text("error.unreadable"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        return invalid(List.of(Map.of("field", e.getName(),
                "message", text("error.badValue", e.getName(), String.valueOf(e.getValue())))));
    }

    /**
     * The database went away under the request (its session terminated, the server restarting, no
     * connection to be had): the transaction is gone with it and nothing was saved, so the client may
     * simply try again. A rollback that fails on the dead connection arrives as TransactionSystemException.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            RecoverableDataAccessException.class, CannotCreateTransactionException.class, TransactionSystemException.class})
    ProblemDetail databaseUnavailable(Exception e) {
        log.warn("Database unavailable during a request: {}", e.toString());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, text("error.databaseUnavailable"));
    }

    /** The name Spring gives a request body of this class (NewRegion → newRegion). */
    private static String objectName(Object from) {
        if (from == null) {
            return "";
        }
        return ClassUtils.getShortNameAsProperty(from instanceof Class<?> c ? c : from.getClass());
    }

    private ProblemDetail invalid(List<Map<String, String>> errors) {
        String detail = errors.isEmpty() ? text("error.invalid") : errors.get(0).get("message");
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, detail);
        p.setTitle(text("error.invalid"));
        p.setProperty("errors", errors);
        return p;
    }

    private ProblemDetail problem(HttpStatus status, String detail) {
        return ProblemDetail.forStatusAndDetail(status, detail);
    }

    private String text(String key, Object... args) {
        return texts.text(key, args);
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
