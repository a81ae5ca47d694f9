package org.keyproject.audit;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** One recorded change; before and after hold only the fields that changed. */
public record AuditEntry(long id, OffsetDateTime occurredAt, Long actorId, String actorName, String entityType,
                         long entityId, String action, Map<String, Object> before, Map<String, Object> after,
                         UUID correlationId) {
}
