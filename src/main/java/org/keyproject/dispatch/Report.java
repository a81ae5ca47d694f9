package org.keyproject.dispatch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** A project's progress report (调度填报) for one period, with the warnings its checks found. */
record Report(long id, long periodId, long projectId, long regionId, String state, BigDecimal periodAmount,
              BigDecimal ytdAmount, BigDecimal sinceStartAmount, boolean startedThisYear, LocalDate startedOn,
              BigDecimal progressPercent, String imageProgress, String problemsText, Long submittedBy,
              OffsetDateTime submittedAt, int version, List<Warning> warnings) {

    /** A check's finding: the code, what it says in the user's language, and the reporter's explanation. */
    record Warning(String code, String message, String explanation) {
    }

    /** What a reporter sends: periodAmount or ytdAmount (the other is derived), explanations by warning code. */
    record Form(BigDecimal periodAmount, BigDecimal ytdAmount, LocalDate startedOn, BigDecimal progressPercent,
                String imageProgress, String problemsText, java.util.Map<String, String> explanations, Integer version) {
    }
}
