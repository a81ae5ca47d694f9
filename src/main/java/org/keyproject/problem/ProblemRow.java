package org.keyproject.problem;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A problem in a list (清单制): owner department, deadline and working days overdue. */
public record ProblemRow(long id, long projectId, String projectName, long regionId, String regionName, String title,
                         ProblemCategory category, ProblemState state, Long departmentId, String departmentName,
                         LocalDate deadline, int overdue, boolean listed, boolean directLine, boolean escalated,
                         boolean candidate, OffsetDateTime raisedAt, int version) {
}
