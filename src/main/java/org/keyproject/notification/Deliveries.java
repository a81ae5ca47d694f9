package org.keyproject.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.PageResult;
import org.keyproject.people.CurrentUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The deliveries for administrators: listed by state (the FAILED ones are those given up after the
 * last attempt), and a failed one put back in the queue, audited (entity notification_delivery).
 */
@Service
@Transactional
class Deliveries {

    static final int MAX_PAGE_SIZE = 100;
    private static final Set<String> STATES = Set.of("PENDING", "SENT", "FAILED");
    private static final String SELECT = """
            SELECT d.*, n.kind, n.recipient_id, u.display_name AS recipient_name, w.name AS webhook_name,
                   n.created_at AS notice_created_at
            FROM notification_delivery d
            JOIN notification n ON n.id = d.notification_id
            JOIN app_user u ON u.id = n.recipient_id
            LEFT JOIN notification_webhook w ON w.id = d.webhook_id
            """;

    private final JdbcClient jdbc;
    private final AuditTrail audit;

    Deliveries(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** One page of the deliveries in a state (all when null), newest first. */
    @Transactional(readOnly = true)
    PageResult<DeliveryItem> page(String state, int page, int size, CurrentUser by) {
        NotificationWebhooks.requireAdmin(by);
        if (state != null && !STATES.contains(state)) {
            throw new InvalidInputException("state", "error.badValue", "state", state);
        }
        int pageSize = Math.min(Math.max(size, 1), MAX_PAGE_SIZE);
        int pageNo = Math.max(page, 0);
        String where = " WHERE (CAST(:state AS TEXT) IS NULL OR d.state = :state)";
        long total = jdbc.sql("SELECT count(*) FROM notification_delivery d" + where).param("state", state)
                .query(Long.class).single();
        List<DeliveryItem> items = jdbc.sql(SELECT + where + " ORDER BY d.id DESC LIMIT :limit OFFSET :offset")
                .param("state", state).param("limit", pageSize).param("offset", (long) pageNo * pageSize)
                .query((rs, i) -> item(rs)).list();
        return new PageResult<>(items, total, pageNo, pageSize);
    }

    /**
     * Puts a failed delivery back in the queue, due now, with its attempts counted afresh (the last
     * error kept until the next attempt); only a FAILED one may be retried.
     */
    DeliveryItem retry(long id, CurrentUser by) {
        NotificationWebhooks.requireAdmin(by);
        DeliveryItem before = get(id);
        int updated = jdbc.sql("""
                UPDATE notification_delivery SET state = 'PENDING', attempts = 0, next_attempt_at = now()
                WHERE id = ? AND state = 'FAILED'
                """).param(id).update();
        if (updated == 0) {
            throw new InvalidInputException("state", "error.delivery.notFailed", before.state());
        }
        audit.record("notification_delivery", id, "RETRY", "{\"state\":\"" + before.state() + "\"}",
                "{\"state\":\"PENDING\"}", by.id(), by.displayName());
        return get(id);
    }

    private DeliveryItem get(long id) {
        return jdbc.sql(SELECT + " WHERE d.id = ?").param(id).query((rs, i) -> item(rs)).optional()
                .orElseThrow(() -> new NotFoundException("notification-delivery", id));
    }

    private static DeliveryItem item(ResultSet rs) throws SQLException {
        return new DeliveryItem(rs.getLong("id"), rs.getLong("notification_id"), rs.getString("kind"),
                rs.getString("channel"), rs.getLong("recipient_id"), rs.getString("recipient_name"),
                (Long) rs.getObject("webhook_id"), rs.getString("webhook_name"), rs.getString("state"),
                rs.getInt("attempts"), rs.getObject("next_attempt_at", OffsetDateTime.class), rs.getString("last_error"),
                rs.getObject("sent_at", OffsetDateTime.class), rs.getObject("notice_created_at", OffsetDateTime.class));
    }
}
