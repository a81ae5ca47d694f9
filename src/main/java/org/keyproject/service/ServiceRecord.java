package org.keyproject.service;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A service of the ledger (服务台账) as read. */
public record ServiceRecord(long id, ServiceKind kind, long projectId, String projectName, long regionId, String regionName,
                            long personId, String personName, List<Participant> participants, LocalDate servedOn,
                            String content, String outcome, PermitType permitType, String permitName, Boolean inParallel,
                            long createdBy, Instant createdAt, int version) {

    public record Participant(long id, String name) {
    }
}
