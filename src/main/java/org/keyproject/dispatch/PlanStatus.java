package org.keyproject.dispatch;

/** A plan version is a draft until a coordinator approves it; an approved version never changes again. */
enum PlanStatus {
    DRAFT, APPROVED;

    public String messageKey() {
        return "plan.status." + name();
    }
}
