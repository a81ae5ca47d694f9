package org.keyproject.project;

import java.util.Collection;

/**
 * Published in the transaction that moved these projects to another stage, or created them in one
 * (a single transition, a new project, a whole ledger import at once): listeners read what changed
 * from the dated stage history (project_stage_change), set-based, in the same transaction.
 */
public record StagesChanged(Collection<Long> projectIds) {
}
