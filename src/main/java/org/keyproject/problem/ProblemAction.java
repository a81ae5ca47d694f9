package org.keyproject.problem;

/**
 * The moves of a problem through its states, each from one state to one other; who may make it is
 * decided by {@link Problems} (the coordinator assigns and dismisses, the department starts and
 * answers, the raiser or the coordinator accepts or rejects the answer).
 */
public enum ProblemAction {
    ASSIGN(ProblemState.RAISED, ProblemState.ASSIGNED),
    START(ProblemState.ASSIGNED, ProblemState.IN_PROGRESS),
    ANSWER(ProblemState.IN_PROGRESS, ProblemState.ANSWERED),
    ACCEPT(ProblemState.ANSWERED, ProblemState.CLOSED),
    REJECT(ProblemState.ANSWERED, ProblemState.IN_PROGRESS),
    DISMISS(ProblemState.RAISED, ProblemState.DISMISSED);

    private final ProblemState from;
    private final ProblemState to;

    ProblemAction(ProblemState from, ProblemState to) {
        this.from = from;
        this.to = to;
    }

    public ProblemState from() {
        return from;
    }

    public ProblemState to() {
        return to;
    }

    public String messageKey() {
        return "problem.action." + name();
    }
}
