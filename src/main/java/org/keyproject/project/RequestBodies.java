package org.keyproject.project;

import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Bean Validation of a request body, for routes on one project: they look the project up in the
 * caller's scope first, so that a project outside it answers 404 whatever the body, and only then
 * check the body. The field errors are the ones @Valid would give (same object name, same codes).
 */
@Component
class RequestBodies {

    private final SpringValidatorAdapter validator;

    RequestBodies(Validator validator) {
        this.validator = new SpringValidatorAdapter(validator);
    }

    <T> T valid(T body) throws BindException {
        BindingResult result = new BeanPropertyBindingResult(body, ClassUtils.getShortNameAsProperty(body.getClass()));
        validator.validate(body, result);
        if (result.hasErrors()) {
            throw new BindException(result);
        }
        return body;
    }
}
