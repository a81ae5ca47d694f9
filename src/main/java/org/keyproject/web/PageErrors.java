package org.keyproject.web;

import jakarta.servlet.http.HttpServletResponse;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.StaleVersionException;
import org.keyproject.common.StateConflictException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** Pages answer unknown or out-of-scope things with a 404 page, refusals with 403, stale edits and moves the state does not allow with 409. */
@ControllerAdvice(annotations = Controller.class)
class PageErrors {

    private final Texts texts;

    PageErrors(Texts texts) {
        this.texts = texts;
    }

    @ExceptionHandler(NotFoundException.class)
    String notFound(HttpServletResponse response, Model model) {
        return error(response, model, 404, "error.page.notFound");
    }

    @ExceptionHandler(ForbiddenException.class)
    String forbidden(HttpServletResponse response, Model model) {
        return error(response, model, 403, "error.forbidden");
    }

    @ExceptionHandler(StaleVersionException.class)
    String stale(HttpServletResponse response, Model model) {
        return error(response, model, 409, "error.stale");
    }

    @ExceptionHandler(StateConflictException.class)
    String stateConflict(StateConflictException e, HttpServletResponse response, Model model) {
        model.addAttribute("messages", java.util.List.of(texts.text(e.messageKey(), e.args())));
        return error(response, model, 409, "error.stale");
    }

    private static String error(HttpServletResponse response, Model model, int status, String key) {
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("messageKey", key);
        return "error/page";
    }
}
