package org.keyproject.web;

import org.keyproject.common.FieldProblem;
import org.springframework.context.MessageSource;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Messages in the current user's language, for pages and API errors alike. */
@Component
public class Texts {

    private final MessageSource messages;

    Texts(MessageSource messages) {
        this.messages = messages;
    }

    /** A message; arguments that are message keys (stage.X …) are translated too. Unknown keys show as themselves. */
    public String text(String key, Object... args) {
        Object[] resolved = args == null ? null : args.clone();
        if (resolved != null) {
            for (int i = 0; i < resolved.length; i++) {
                if (resolved[i] instanceof String s && s.matches("[a-zA-Z]+\\.[A-Za-z_.]+")) {
                    resolved[i] = messages.getMessage(s, null, s, LocaleContextHolder.getLocale());
                }
            }
        }
        return messages.getMessage(key, resolved, key, LocaleContextHolder.getLocale());
    }

    public String text(FieldProblem problem) {
        return text(problem.messageKey(), problem.args());
    }

    /** The label of a form field (field.name …), or the field's own name when it has none. */
    public String fieldLabel(String field) {
        return messages.getMessage("field." + field, null, field, LocaleContextHolder.getLocale());
    }

    /**
     * The label of a field of one kind of input: field.newRegion.code (行政区划代码) before the general
     * field.code (项目编码), then the field's own name. objectName is the input's class name as a
     * property (newRegion), as Spring names a request body.
     */
    public String fieldLabel(String objectName, String field) {
        String[] codes = {"field." + objectName + "." + field, "field." + field};
        return messages.getMessage(new DefaultMessageSourceResolvable(codes, field), LocaleContextHolder.getLocale());
    }
}
