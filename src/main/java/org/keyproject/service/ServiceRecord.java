package org.keyproject.service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.keyproject.problem.ProblemState;

/** A service of the ledger (服务台账) as read, with the problems it raised or helped close that the reader sees. */
public record ServiceRecord(long id, ServiceKind kind, long projectId, String projectName, long regionId, String regionName,
                            long personId, String personName, List<Participant> participants, LocalDate servedOn,
                            String content, String outcome, PermitType permitType, String permitName, Boolean inParallel,
                            long createdBy, Instant createdAt, int version, List<LinkedProblem> problems) {

    public record Participant(long id, String name) {
    }

    /** A problem the service raised (RAISED) or helped close (CLOSED), and where it stands now. */
    public record LinkedProblem(long problemId, ProblemLink role, ProblemState state, String title) {
    }
}
