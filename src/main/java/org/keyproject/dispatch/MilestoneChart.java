package org.keyproject.dispatch;

import java.time.LocalDate;
import java.util.List;

/**
 * The milestone chart (鱼骨图, 挂图作战) of a project's year: per milestone the baseline date (first
 * approved version), the current date (latest approved version, or the draft while nothing is
 * approved), and the actual date. late: the current date has passed without an actual date, or the
 * actual date came after it; a milestone dropped since the baseline is never late.
 */
record MilestoneChart(long projectId, int year, LocalDate today, Integer baselineVersion, Integer currentVersion,
                      PlanStatus currentStatus, List<Row> milestones) {

    record Row(String key, String name, LocalDate baseline, LocalDate current, LocalDate actual, boolean late) {
    }

    public boolean empty() {
        return milestones.isEmpty();
    }
}
