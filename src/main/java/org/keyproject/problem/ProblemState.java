package org.keyproject.problem;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a problem stands: raised → assigned (to a department, with a deadline) → in progress →
 * answered → closed (销号, verified by whoever raised it); an answer rejected goes back to in progress.
 * A raised problem may be dismissed (a candidate from a report that is no problem).
 */
public enum ProblemState {
    RAISED, ASSIGNED, IN_PROGRESS, ANSWERED, CLOSED, DISMISSED;

    /** Not yet closed or dismissed: what the list of open problems (清单制) shows. */
    static final Set<ProblemState> OPEN = EnumSet.of(RAISED, ASSIGNED, IN_PROGRESS, ANSWERED);

    public String messageKey() {
        return "problem.state." + name();
    }

    public boolean open() {
        return OPEN.contains(this);
    }
}
