package org.keyproject.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Records changes inside the caller's transaction, so a change and its audit entry land together.
 * Callers pass whole snapshots (JSON objects); only the fields that differ are kept.
 */
@Service
public class AuditTrail {

    private static final Set<String> IGNORED = Set.of("version", "updated_at", "created_at");
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };
    private static final ThreadLocal<UUID> CORRELATION = new ThreadLocal<>();

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    AuditTrail(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        // amounts stay exact: 23517.0000 must not become a double
        this.json = json.copy().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /** Runs work with every change it records grouped under one id (an import, say). */
    public <T> T grouped(UUID correlationId, Supplier<T> work) {
        UUID previous = CORRELATION.get();
        CORRELATION.set(correlationId);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CORRELATION.remove();
            } else {
                CORRELATION.set(previous);
            }
        }
    }

    /**
     * Records a change of an entity; beforeJson is null for a creation. Nothing is recorded when
     * nothing but bookkeeping fields changed.
     */
    public void record(String entityType, long entityId, String action, String beforeJson, String afterJson,
                       Long actorId, String actorName) {
        Map<String, Object> before = parse(beforeJson);
        Map<String, Object> after = parse(afterJson);
        Map<String, Object> changedBefore = new LinkedHashMap<>();
        Map<String, Object> changedAfter = new LinkedHashMap<>();
        for (String key : union(before, after)) {
            if (IGNORED.contains(key)) {
                continue;
            }
            Object b = before.get(key);
            Object a = after.get(key);
            if (!Objects.equals(b, a)) {
                changedBefore.put(key, b);
                changedAfter.put(key, a);
            }
        }
        if (changedAfter.isEmpty() && beforeJson != null && afterJson != null) {
            return;
        }
        jdbc.sql("""
                INSERT INTO audit_event (actor_id, actor_name, entity_type, entity_id, action, before_state, after_state, correlation_id)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)
                """)
                .params(actorId, actorName, entityType, entityId, action,
                        beforeJson == null ? null : write(changedBefore), afterJson == null ? null : write(changedAfter),
                        CORRELATION.get())
                .update();
    }

    /**
     * Records the changes of many entities in one statement, by the same rule as {@link #record}:
     * pairs is a query giving entity_id, before_state and after_state as JSON objects (before_state
     * null for a creation, whose fields with a value are kept); only the fields that differ are kept (a
     * JSON null counts as absent), and a pair where nothing but bookkeeping fields changed is skipped.
     * Only pairs that differ at all are compared key by key. Answers how many were recorded.
     */
    public int recordAll(String entityType, String action, String pairs, Map<String, Object> params, Long actorId,
                         String actorName) {
        return jdbc.sql("""
                WITH pairs AS (%s)
                INSERT INTO audit_event (actor_id, actor_name, entity_type, entity_id, action, before_state, after_state, correlation_id)
                SELECT CAST(:auditActor AS bigint), :auditActorName, :auditType, c.entity_id, :auditAction, c.before_state,
                       c.after_state, CAST(:auditCorrelation AS uuid)
                FROM (
                    SELECT x.entity_id, CAST(NULL AS jsonb) AS before_state,
                           jsonb_strip_nulls(x.after_state - CAST(:auditIgnored AS text[])) AS after_state
                    FROM pairs x WHERE x.before_state IS NULL
                    UNION ALL
                    SELECT x.entity_id, d.before_state, d.after_state
                    FROM pairs x
                    CROSS JOIN LATERAL (
                        SELECT jsonb_object_agg(k, coalesce(x.before_state -> k, 'null')) AS before_state,
                               jsonb_object_agg(k, coalesce(x.after_state -> k, 'null')) AS after_state
                        FROM (SELECT jsonb_object_keys(x.before_state) UNION SELECT jsonb_object_keys(x.after_state)) keys (k)
                        WHERE k <> ALL (CAST(:auditIgnored AS text[]))
                          AND nullif(x.before_state -> k, 'null') IS DISTINCT FROM nullif(x.after_state -> k, 'null')) d
                    WHERE x.before_state IS NOT NULL AND x.before_state IS DISTINCT FROM x.after_state
                      AND d.after_state IS NOT NULL) c
                """.formatted(pairs))
                .params(params).param("auditActor", actorId).param("auditActorName", actorName)
                .param("auditType", entityType).param("auditAction", action).param("auditCorrelation", CORRELATION.get())
                .param("auditIgnored", IGNORED.toArray(String[]::new))
                .update();
    }

    /** The history of one entity, newest first. */
    public List<AuditEntry> history(String entityType, long entityId) {
        return jdbc.sql("SELECT * FROM audit_event WHERE entity_type = ? AND entity_id = ? ORDER BY occurred_at DESC, id DESC")
                .param(entityType).param(entityId).query(row()).list();
    }

    /** Everything recorded under one correlation id, oldest first. */
    public List<AuditEntry> group(UUID correlationId) {
        return jdbc.sql("SELECT * FROM audit_event WHERE correlation_id = ? ORDER BY id")
                .param(correlationId).query(row()).list();
    }

    private RowMapper<AuditEntry> row() {
        return (rs, i) -> new AuditEntry(rs.getLong("id"), rs.getObject("occurred_at", java.time.OffsetDateTime.class),
                (Long) rs.getObject("actor_id"), rs.getString("actor_name"), rs.getString("entity_type"),
                rs.getLong("entity_id"), rs.getString("action"), parse(rs.getString("before_state")),
                parse(rs.getString("after_state")), rs.getObject("correlation_id", UUID.class));
    }

    private static List<String> union(Map<String, Object> a, Map<String, Object> b) {
        LinkedHashMap<String, Boolean> keys = new LinkedHashMap<>();
        a.keySet().forEach(k -> keys.put(k, true));
        b.keySet().forEach(k -> keys.put(k, true));
        return List.copyOf(keys.keySet());
    }

    private Map<String, Object> parse(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit snapshot is not a JSON object", e);
        }
    }

    private String write(Map<String, Object> map) {
        try {
            return json.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
