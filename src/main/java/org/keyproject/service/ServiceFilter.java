package org.keyproject.service;

import java.time.LocalDate;

/**
 * The ledger's filters: kind, a person (who gave or took part), a region subtree, a project, a date
 * range, a problem the services raised or helped close.
 */
record ServiceFilter(ServiceKind kind, Long personId, Long regionId, Long projectId, LocalDate from, LocalDate to,
                     Long problemId) {
}
