package org.keyproject.dispatch;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.keyproject.common.Money;
import org.keyproject.project.YearTarget;

/**
 * One version of a project's plan for a year: the planned investment (万元) and its twelve months,
 * the year's target and the dated milestones. lockVersion guards concurrent edits of a draft.
 */
record Plan(long id, long projectId, int year, int version, PlanStatus status, BigDecimal annualInvestment,
            SpreadProfile profile, YearTarget target, OffsetDateTime approvedAt, Long approvedBy, String approvedByName,
            OffsetDateTime createdAt, Long createdBy, int lockVersion, List<BigDecimal> months, List<Milestone> milestones) {

    public boolean draft() {
        return status == PlanStatus.DRAFT;
    }

    public Money annual() {
        return Money.wan(annualInvestment);
    }

    public Money month(int month) {
        return Money.wan(months.get(month - 1));
    }
}
