package org.keyproject.notification;

import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates notices, many at once, in one INSERT … SELECT: the caller's query says who is told what,
 * and a notice whose recipient already has one with the same dedup key is skipped, so a job that
 * runs twice, or on two nodes, tells nobody twice.
 */
@Service
@Transactional
public class Notifications {

    private static final Pattern KIND = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");

    private final JdbcClient jdbc;

    Notifications(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        return jdbc.sql("""
                INSERT INTO notification (recipient_id, kind, args, link, dedup_key)
                SELECT n.recipient_id, :notificationKind, CAST(n.args AS JSONB), n.link, n.dedup_key
                FROM (%s) n
                ON CONFLICT (recipient_id, dedup_key) DO NOTHING
                """.formatted(recipients))
                .params(params).param("notificationKind", kind).update();
    }
}
