package org.keyproject.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A notice's subject and body in one language: the messages notification.{kind}.subject and .body
 * with the notice's args, for the inbox (the reader's language) and for e-mail and webhooks alike.
 */
@Component
class NoticeTexts {

    private final MessageSource messages;
    private final ObjectMapper json;

    NoticeTexts(MessageSource messages, ObjectMapper json) {
        this.messages = messages;
        this.json = json;
    }

    /** argsJson is the notice's args column, a JSON array. */
    Text render(String kind, String argsJson, Locale locale) {
        Object[] args = args(argsJson);
        String prefix = "notification." + kind + ".";
        return new Text(messages.getMessage(prefix + "subject", args, kind, locale),
                messages.getMessage(prefix + "body", args, "", locale));
    }

    private Object[] args(String array) {
        try {
            return json.readValue(array, Object[].class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notification args are not a JSON array: " + array, e);
        }
    }

    record Text(String subject, String body) {
    }
}
