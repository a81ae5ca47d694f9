package org.keyproject.service;

import java.time.LocalDate;
import java.util.List;
import org.keyproject.problem.ProblemCategory;

/**
 * A service as logged: what, on which project, who (the caller when personId is absent) and who else
 * took part, when (today when absent), what was done and what came of it; a parallel approval also
 * names its permit and whether it was handled in parallel. An update carries the version it read.
 * The problems of the same project it raised (named, or new ones raised through the problem loop) and
 * those it helped close; on an update, a list given replaces that role's links, an absent one keeps them.
 */
public record ServiceForm(ServiceKind kind, Long projectId, Long personId, List<Long> participantIds, LocalDate servedOn,
                          String content, String outcome, PermitType permitType, String permitName, Boolean inParallel,
                          Integer version, List<Long> raisedProblemIds, List<Long> closedProblemIds,
                          List<NewProblem> newProblems) {

    /** A problem the service brought up, raised on the service's project as the one logging it. */
    public record NewProblem(ProblemCategory category, String title, String description, Boolean directLine) {
    }

    ServiceForm withVersion(Integer newVersion) {
        return new ServiceForm(kind, projectId, personId, participantIds, servedOn, content, outcome, permitType, permitName,
                inParallel, newVersion, raisedProblemIds, closedProblemIds, newProblems);
    }
}
