package org.keyproject.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;

/** 401 and 403 of the API filter chain, written as RFC 9457 problem details. */
@Component
class ProblemResponses {

    private final ObjectMapper json;
    private final MessageSource messages;
    private final LocaleResolver locales;

    ProblemResponses(ObjectMapper json, MessageSource messages, LocaleResolver locales) {
        this.json = json;
        this.messages = messages;
        this.locales = locales;
    }

    void unauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"keyproject\", Bearer");
        String key = e instanceof org.springframework.security.authentication.LockedException ? "error.login.locked" : "error.unauthorized";
        write(request, response, HttpStatus.UNAUTHORIZED, key);
    }

    void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, "error.forbidden");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String key) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                messages.getMessage(key, null, key, locales.resolveLocale(request)));
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType("application/problem+json;charset=UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
