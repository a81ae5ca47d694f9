package org.keyproject.problem;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A problem with everything its page and the API show: overdue is the working days past the deadline
 * while the department owes the answer (0 otherwise); a candidate is a problem taken from a progress
 * report's 存在问题 that a coordinator has not yet assigned or dismissed.
 */
public record Problem(long id, long projectId, String projectName, long regionId, String regionName, long raisedBy,
                      String raisedByName, String raisedRole, OffsetDateTime raisedAt, ProblemCategory category,
                      String title, String description, ProblemState state, Long departmentId, String departmentName,
                      LocalDate deadline, Integer deadlineDays, int overdue, String answer, boolean directLine,
                      OffsetDateTime escalatedAt, boolean listed, OffsetDateTime listedAt, String source,
                      Long sourceReportId, boolean candidate, OffsetDateTime closedAt, int version, List<Step> steps,
                      List<Attachment> attachments) {

    /** One dated step: who did what, from which state to which, and why (reason or answer). */
    public record Step(long id, String action, ProblemState fromState, ProblemState toState, Long actorId,
                       String actorName, OffsetDateTime at, String text, Long departmentId, String departmentName,
                       LocalDate deadlineBefore, LocalDate deadlineAfter) {

        public String actionKey() {
            return "problem.action." + action;
        }
    }

    /** A file attached to the problem (its bytes are served apart). */
    public record Attachment(long id, String contentType, int size, String filename, Long uploadedBy,
                             OffsetDateTime uploadedAt) {
    }

    Problem withDetails(List<Step> steps, List<Attachment> attachments) {
        return new Problem(id, projectId, projectName, regionId, regionName, raisedBy, raisedByName, raisedRole, raisedAt,
                category, title, description, state, departmentId, departmentName, deadline, deadlineDays, overdue, answer,
                directLine, escalatedAt, listed, listedAt, source, sourceReportId, candidate, closedAt, version, steps,
                attachments);
    }
}
