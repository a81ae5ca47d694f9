package org.keyproject.dispatch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A project's progress report (调度填报) for one period, with the warnings its checks found, the status
 * of its procedures (手续办理) and the milestones it reports reached.
 */
record Report(long id, long periodId, long projectId, long regionId, String state, BigDecimal periodAmount,
              BigDecimal ytdAmount, BigDecimal sinceStartAmount, boolean startedThisYear, LocalDate startedOn,
              BigDecimal progressPercent, String imageProgress, String problemsText, Long submittedBy,
              OffsetDateTime submittedAt, int version, List<Warning> warnings, List<Procedure> procedures,
              List<Reached> milestones) {

    /** A check's finding: the code, what it says in the user's language, and the reporter's explanation. */
    record Warning(String code, String message, String explanation) {
    }

    /**
     * A procedure's status (手续办理): kind LAND 用地, PLANNING 规划, EIA 环评, ENERGY 能评,
     * CONSTRUCTION_PERMIT 施工许可 or OTHER (named); state NOT_STARTED, IN_PROGRESS or DONE; date the
     * day it was done (required when DONE).
     */
    record Procedure(String kind, String name, String state, LocalDate date) {
    }

    /** A milestone the report says was reached, and when: recorded as the project's actual date on submit. */
    record Reached(String key, LocalDate reachedOn) {
    }

    /**
     * What a reporter sends: periodAmount or ytdAmount (the other is derived), explanations by warning
     * code; procedures and milestones replace the report's when given (null keeps them; a new report's
     * procedures default to the previous report's).
     */
    record Form(BigDecimal periodAmount, BigDecimal ytdAmount, LocalDate startedOn, BigDecimal progressPercent,
                String imageProgress, String problemsText, java.util.Map<String, String> explanations, Integer version,
                List<Procedure> procedures, List<Reached> milestones) {

        Form withVersion(Integer version) {
            return new Form(periodAmount, ytdAmount, startedOn, progressPercent, imageProgress, problemsText, explanations,
                    version, procedures, milestones);
        }
    }
}
