package org.keyproject.common;

/**
 * The thing is in a state that does not allow what was asked (a problem already answered cannot be
 * started): answered 409 with the state named, so that the client can reload and see why.
 */
public class StateConflictException extends RuntimeException {

    private final String state;
    private final String messageKey;
    private final transient Object[] args;

    /** state: the current state's name (ANSWERED); the message says it in the user's language. */
    public StateConflictException(String state, String messageKey, Object... args) {
        super(messageKey + " in state " + state);
        this.state = state;
        this.messageKey = messageKey;
        this.args = args;
    }

    public String state() {
        return state;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] args() {
        return args;
    }
}
