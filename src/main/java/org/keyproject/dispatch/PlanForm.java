package org.keyproject.dispatch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.keyproject.project.YearTarget;

/**
 * A plan as a client creates or edits a draft. Left out, a field keeps its value (on creation: the
 * annual amount and target of the project's list entry for the year, the even spread). months are
 * read only for the CUSTOM profile. milestones, when given, are the whole list in order; otherwise a
 * targetDate proposes them by reverse scheduling from the project category's template.
 */
record PlanForm(Integer year, BigDecimal annualInvestment, SpreadProfile profile, List<BigDecimal> months,
                YearTarget target, LocalDate targetDate, List<Milestone> milestones, Integer lockVersion) {
}
