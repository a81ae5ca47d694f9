package org.keyproject.common;

/** The caller may see the thing but may not do this to it. */
public class ForbiddenException extends RuntimeException {

    private final String messageKey;

    public ForbiddenException(String messageKey) {
        super(messageKey);
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }
}
