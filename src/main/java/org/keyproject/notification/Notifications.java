package org.keyproject.notification;

import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates notices, many at once, in one INSERT … SELECT: the caller's query says who is told what,
 * and a notice whose recipient already has one with the same dedup key is skipped, so a job that
 * runs twice, or on two nodes, tells nobody twice. The same statement queues the notices'
 * deliveries (notification_delivery): an e-mail to each recipient with an address when an SMTP
 * server is configured, and one message per event to each enabled group robot whose region holds
 * a recipient.
 */
@Service
@Transactional
public class Notifications {

    private static final Pattern KIND = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");

    private final JdbcClient jdbc;
    private final EmailSender email;

    Notifications(JdbcClient jdbc, EmailSender email) {
        this.jdbc = jdbc;
        this.email = email;
    }

    /**
     * Notifies every row of {@code recipients}, a SELECT with the columns recipient_id (an app_user id),
     * args (a JSONB array: the arguments of the messages notification.{kind}.subject and .body),
     * link (a path in the application, or null) and dedup_key (the same key for the same recipient
     * means the same notice). {@code params} binds the query's named parameters. Answers how many
     * notices were new.
     */
    public int notify(String kind, String recipients, Map<String, ?> params) {
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("A notification kind is upper-case letters, digits and _: " + kind);
        }
        // A group hears of an event once: of the new notices with the same kind and dedup key whose
        // recipients lie in its region, the first carries it, and a key it already has is skipped
        // (notification_delivery_group), so recipients notified later add nothing.
        return jdbc.sql("""
                WITH created AS (
                    INSERT INTO notification (recipient_id, kind, args, link, dedup_key)
                    SELECT n.recipient_id, :notificationKind, CAST(n.args AS JSONB), n.link, n.dedup_key
                    FROM (%s) n
                    ON CONFLICT (recipient_id, dedup_key) DO NOTHING
                    RETURNING id, recipient_id, kind, dedup_key
                ), emails AS (
                    INSERT INTO notification_delivery (notification_id, channel)
                    SELECT c.id, 'EMAIL' FROM created c JOIN app_user u ON u.id = c.recipient_id
                    WHERE CAST(:emailConfigured AS BOOLEAN) AND u.email IS NOT NULL AND u.enabled
                ), groups AS (
                    INSERT INTO notification_delivery (notification_id, channel, webhook_id, group_key)
                    SELECT DISTINCT ON (w.id, c.dedup_key) c.id, w.channel, w.id, c.kind || ':' || c.dedup_key
                    FROM created c
                    JOIN app_user u ON u.id = c.recipient_id
                    JOIN region ur ON ur.id = u.region_id
                    JOIN notification_webhook w ON w.enabled AND (w.kinds IS NULL OR c.kind = ANY (w.kinds))
                    JOIN region wr ON wr.id = w.region_id AND ur.path LIKE wr.path || '%%'
                    ORDER BY w.id, c.dedup_key, c.id
                    ON CONFLICT DO NOTHING
                )
                SELECT count(*) FROM created
                """.formatted(recipients))
                .params(params).param("notificationKind", kind).param("emailConfigured", email.configured())
                .query(Integer.class).single();
    }
}
