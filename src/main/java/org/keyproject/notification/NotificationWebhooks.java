package org.keyproject.notification;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.StaleVersionException;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The group robots (群机器人) notices are posted to, kept by administrators; every change audited
 * (entity notification_webhook) without the secret and with the address's query (the robot's key or
 * access token) masked.
 */
@Service
@Transactional
class NotificationWebhooks {

    static final String AUDIT = "notification_webhook";

    private static final String SELECT = """
            SELECT w.*, r.name AS region_name FROM notification_webhook w JOIN region r ON r.id = w.region_id
            """;
    private static final String SNAPSHOT = """
            SELECT CAST(to_jsonb(w) - 'secret' - 'url' - 'updated_at'
                        || jsonb_build_object('url', regexp_replace(w.url, '\\?.*$', '?…'), 'signed', w.secret IS NOT NULL)
                   AS TEXT)
            FROM notification_webhook w WHERE id = ?
            """;

    private final JdbcClient jdbc;
    private final AuditTrail audit;

    NotificationWebhooks(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    List<Webhook> list(CurrentUser by) {
        requireAdmin(by);
        return jdbc.sql(SELECT + " ORDER BY w.id").query((rs, i) -> webhook(rs)).list();
    }

    @Transactional(readOnly = true)
    Webhook get(long id, CurrentUser by) {
        requireAdmin(by);
        return find(id);
    }

    Webhook create(WebhookForm form, CurrentUser by) {
        requireAdmin(by);
        check(form, form.secret());
        long id = jdbc.sql("""
                INSERT INTO notification_webhook (name, channel, url, secret, region_id, kinds, enabled)
                VALUES (?, ?, ?, ?, ?, CAST(? AS VARCHAR(40)[]), ?) RETURNING id
                """).params(form.name().trim(), form.channel().name(), form.url(), emptyToNull(form.secret()),
                        form.regionId(), kinds(form), form.enabled() == null || form.enabled())
                .query(Long.class).single();
        audit.record(AUDIT, id, "CREATE", null, snapshot(id), by.id(), by.displayName());
        return find(id);
    }

    /** Replaces a webhook; the version read must still be the current one. */
    Webhook update(long id, WebhookForm form, CurrentUser by) {
        requireAdmin(by);
        Webhook current = find(id);
        if (form.version() == null) {
            throw new InvalidInputException("version", "error.versionRequired");
        }
        String secret = form.secret() == null ? storedSecret(id) : emptyToNull(form.secret());
        check(form, secret);
        String before = snapshot(id);
        int updated = jdbc.sql("""
                UPDATE notification_webhook SET name = ?, channel = ?, url = ?, secret = ?, region_id = ?,
                    kinds = CAST(? AS VARCHAR(40)[]), enabled = ?, version = version + 1, updated_at = now()
                WHERE id = ? AND version = ?
                """).params(form.name().trim(), form.channel().name(), form.url(), secret, form.regionId(), kinds(form),
                        form.enabled() == null || form.enabled(), id, form.version())
                .update();
        if (updated == 0) {
            throw new StaleVersionException(AUDIT, id, current.version());
        }
        audit.record(AUDIT, id, "UPDATE", before, snapshot(id), by.id(), by.displayName());
        return find(id);
    }

    /** Deletes a webhook with its deliveries, sent or not. */
    void delete(long id, CurrentUser by) {
        requireAdmin(by);
        find(id);
        String before = snapshot(id);
        jdbc.sql("DELETE FROM notification_webhook WHERE id = ?").param(id).update();
        audit.record(AUDIT, id, "DELETE", before, "{}", by.id(), by.displayName());
    }

    private void check(WebhookForm form, String secret) {
        List<FieldProblem> problems = new ArrayList<>();
        if (jdbc.sql("SELECT count(*) FROM region WHERE id = ?").param(form.regionId()).query(Long.class).single() == 0) {
            problems.add(new FieldProblem("regionId", "error.notFound.region"));
        }
        if (secret != null && form.channel() != WebhookChannel.DINGTALK) {
            problems.add(new FieldProblem("secret", "error.webhook.secretOnlyDingtalk"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private Webhook find(long id) {
        return jdbc.sql(SELECT + " WHERE w.id = ?").param(id).query((rs, i) -> webhook(rs)).optional()
                .orElseThrow(() -> new NotFoundException("notification-webhook", id));
    }

    private String storedSecret(long id) {
        return jdbc.sql("SELECT secret FROM notification_webhook WHERE id = ?").param(id).query(String.class).optional()
                .orElse(null);
    }

    private String snapshot(long id) {
        return jdbc.sql(SNAPSHOT).param(id).query(String.class).single();
    }

    private static String[] kinds(WebhookForm form) {
        return form.kinds() == null || form.kinds().isEmpty() ? null : form.kinds().stream().distinct().toArray(String[]::new);
    }

    private static String emptyToNull(String secret) {
        return secret == null || secret.isEmpty() ? null : secret;
    }

    private static Webhook webhook(ResultSet rs) throws SQLException {
        Array kinds = rs.getArray("kinds");
        return new Webhook(rs.getLong("id"), rs.getString("name"), WebhookChannel.valueOf(rs.getString("channel")),
                rs.getString("url"), rs.getString("secret") != null, rs.getLong("region_id"), rs.getString("region_name"),
                kinds == null ? null : List.of((String[]) kinds.getArray()), rs.getBoolean("enabled"), rs.getInt("version"));
    }

    static void requireAdmin(CurrentUser by) {
        if (!by.is(Role.ADMIN)) {
            throw new ForbiddenException("error.forbidden");
        }
    }
}
