package org.keyproject.notification;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the due deliveries (notification_delivery): e-mails and group robot messages. Runs every
 * {@code keyproject.notifications.interval} under ShedLock, and each delivery is claimed on its own
 * with {@code FOR UPDATE SKIP LOCKED} in a transaction that lasts while it is sent and marked: a
 * second run, on this node or another (when the lock expired), skips it, so nothing goes out twice
 * at once. A node that dies while sending rolls its claim back and the delivery stays due, to be
 * sent again: delivery is at least once, never lost.
 */
@Component
class DeliveryJob {

    /** No language is stored for a person or a group: they read Chinese. */
    static final Locale LOCALE = Locale.SIMPLIFIED_CHINESE;

    private static final Logger log = LoggerFactory.getLogger(DeliveryJob.class);
    private static final int MAX_ERROR = 1000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final NoticeTexts texts;
    private final EmailSender email;
    private final WebhookSender webhooks;
    private final DeliveryProperties properties;

    DeliveryJob(JdbcClient jdbc, PlatformTransactionManager transactions, NoticeTexts texts, EmailSender email,
                WebhookSender webhooks, DeliveryProperties properties) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.texts = texts;
        this.email = email;
        this.webhooks = webhooks;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${keyproject.notifications.interval:PT30S}",
            initialDelayString = "${keyproject.notifications.interval:PT30S}")
    @SchedulerLock(name = "notification-delivery", lockAtMostFor = "PT10M")
    void run() {
        Outcome outcome = deliverDue();
        if (outcome.sent() + outcome.failed() > 0) {
            log.info("Notification deliveries: {} sent, {} failed for now", outcome.sent(), outcome.failed());
        }
    }

    /**
     * Sends due deliveries, one claim at a time, until none is due or a batch has been taken. A group robot
     * that failed once is left alone for the rest of the run: robots limit how fast they take messages (and
     * block a robot that sends too fast), and one that is down would otherwise spend an attempt of each of
     * its deliveries, and a timeout each, in the same run. Stops when the node shuts down.
     */
    Outcome deliverDue() {
        int sent = 0;
        int failed = 0;
        Set<Long> failing = new HashSet<>();
        for (int i = 0; i < properties.batchSize() && !Thread.currentThread().isInterrupted(); i++) {
            Attempt attempt = transaction.execute(status -> deliverOne(failing));
            if (attempt == null) {
                break;
            }
            if (attempt.sent()) {
                sent++;
            } else {
                failed++;
                if (attempt.webhookId() != null) {
                    failing.add(attempt.webhookId());
                }
            }
        }
        return new Outcome(sent, failed);
    }

    /** One delivery tried: sent or not, and the robot it went to (null for e-mail). */
    private record Attempt(boolean sent, Long webhookId) {
    }

    /** Claims the next due delivery (not to the robots given) and sends it; null when none was due. */
    private Attempt deliverOne(Set<Long> skipped) {
        Due due = jdbc.sql("""
                SELECT d.id, d.channel, d.attempts, d.webhook_id, n.kind, CAST(n.args AS TEXT) AS args, n.link, u.email, w.url, w.secret
                FROM notification_delivery d
                JOIN notification n ON n.id = d.notification_id
                JOIN app_user u ON u.id = n.recipient_id
                LEFT JOIN notification_webhook w ON w.id = d.webhook_id
                WHERE d.state = 'PENDING' AND d.next_attempt_at <= now() AND (d.webhook_id IS NULL OR w.enabled)
                  AND (d.webhook_id IS NULL OR NOT d.webhook_id = ANY (CAST(:skipped AS BIGINT[])))
                ORDER BY d.next_attempt_at, d.id
                LIMIT 1
                FOR UPDATE OF d SKIP LOCKED
                """).param("skipped", skipped.toArray(Long[]::new))
                .query((rs, i) -> new Due(rs.getLong("id"), rs.getString("channel"), rs.getInt("attempts"),
                        (Long) rs.getObject("webhook_id"), rs.getString("kind"), rs.getString("args"), rs.getString("link"),
                        rs.getString("email"), rs.getString("url"), rs.getString("secret")))
                .optional().orElse(null);
        if (due == null) {
            return null;
        }
        try {
            send(due);
        } catch (InterruptedException e) {
            // shutting down: the claim rolls back, and the delivery is still due, its attempts untouched
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering " + due.id(), e);
        } catch (Exception e) {
            failed(due, e);
            return new Attempt(false, due.webhookId());
        }
        jdbc.sql("UPDATE notification_delivery SET state = 'SENT', sent_at = now(), attempts = attempts + 1 WHERE id = ?")
                .param(due.id()).update();
        return new Attempt(true, due.webhookId());
    }

    private void send(Due due) throws Exception {
        NoticeTexts.Text text = texts.render(due.kind(), due.args(), LOCALE);
        if (due.channel().equals("EMAIL")) {
            if (due.email() == null) {
                throw new IllegalStateException("the recipient has no e-mail address any more");
            }
            email.send(due.email(), text, due.link());
        } else {
            webhooks.send(WebhookChannel.valueOf(due.channel()), due.url(), due.secret(), text, due.link(), LOCALE);
        }
    }

    /** Counts the attempt and sets the next one later, or gives up (FAILED) after the last one allowed. */
    private void failed(Due due, Exception e) {
        int attempts = due.attempts() + 1;
        boolean givingUp = attempts >= properties.maxAttempts();
        Duration delay = properties.delayAfter(attempts);
        log.warn("Notification delivery {} ({}) failed, attempt {}{}: {}", due.id(), due.channel(), attempts,
                givingUp ? ", giving up" : ", next in " + delay, e.toString());
        String error = String.valueOf(e.getMessage() == null ? e.getClass().getName() : e.getMessage());
        jdbc.sql("""
                UPDATE notification_delivery
                SET attempts = :attempts, last_error = :error, state = :state,
                    next_attempt_at = now() + CAST(:delaySeconds AS BIGINT) * INTERVAL '1 second'
                WHERE id = :id
                """).param("attempts", attempts).param("error", error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error)
                .param("state", givingUp ? "FAILED" : "PENDING").param("delaySeconds", delay.toSeconds())
                .param("id", due.id()).update();
    }

    record Outcome(int sent, int failed) {
    }

    private record Due(long id, String channel, int attempts, Long webhookId, String kind, String args, String link,
                       String email, String url, String secret) {
    }
}
