package org.keyproject.service;

import java.time.LocalDate;
import java.util.List;

/**
 * A service as logged: what, on which project, who (the caller when personId is absent) and who else
 * took part, when (today when absent), what was done and what came of it; a parallel approval also
 * names its permit and whether it was handled in parallel. An update carries the version it read.
 */
public record ServiceForm(ServiceKind kind, Long projectId, Long personId, List<Long> participantIds, LocalDate servedOn,
                          String content, String outcome, PermitType permitType, String permitName, Boolean inParallel,
                          Integer version) {
}
