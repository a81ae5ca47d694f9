package org.keyproject.project;

/** A list entry's target for its year: new start, completion, or continued construction. */
public enum YearTarget {
    START, COMPLETE, CONTINUE;

    public String messageKey() {
        return "target." + name();
    }
}
