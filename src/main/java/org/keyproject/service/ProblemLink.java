package org.keyproject.service;

/** How a service took part in a problem: it raised it (反映), or it helped close it (协调解决). */
public enum ProblemLink {
    RAISED, CLOSED;

    public String messageKey() {
        return "service.problem." + name();
    }
}
