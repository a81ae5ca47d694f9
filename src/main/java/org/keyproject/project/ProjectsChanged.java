package org.keyproject.project;

import java.util.Collection;

/**
 * Published in the transaction that changed these projects' master data or assignments (leader,
 * department, commissioner), one at a time or a whole ledger import at once; listeners read the
 * projects as they now are, in the same transaction.
 */
public record ProjectsChanged(Collection<Long> projectIds) {
}
