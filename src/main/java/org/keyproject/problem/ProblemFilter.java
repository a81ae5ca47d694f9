package org.keyproject.problem;

import java.util.List;

/**
 * The filters of the problem list, all optional: states (repeatable), the department, a region
 * (its subtree), the category, overdue or not, listed (挂牌督办) or not, one project, candidates only.
 */
public record ProblemFilter(List<ProblemState> state, Long departmentId, Long regionId, ProblemCategory category,
                            Boolean overdue, Boolean listed, Long projectId, Boolean candidate) {
}
