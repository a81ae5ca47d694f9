package org.keyproject.people;

import java.time.Duration;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * After {@code keyproject.login.max-failures} wrong passwords within the lock window an account is
 * locked until the window has passed. Failures are kept in PostgreSQL, so every node sees them.
 */
@Component
class LoginThrottle {

    private final JdbcClient jdbc;
    private final int maxFailures;
    private final Duration window;

    LoginThrottle(JdbcClient jdbc,
                  @Value("${keyproject.login.max-failures:5}") int maxFailures,
                  @Value("${keyproject.login.lock-window:PT15M}") Duration window) {
        this.jdbc = jdbc;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    boolean isLocked(String username) {
        long failures = jdbc.sql("SELECT count(*) FROM login_failure WHERE username = lower(?) AND failed_at > now() - make_interval(secs => ?)")
                .param(username).param(window.toSeconds()).query(Long.class).single();
        return failures >= maxFailures;
    }

    @EventListener
    void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        jdbc.sql("INSERT INTO login_failure (username) VALUES (lower(?))").param(event.getAuthentication().getName()).update();
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        jdbc.sql("DELETE FROM login_failure WHERE username = lower(?)").param(event.getAuthentication().getName()).update();
    }

    /** Old failures are of no use; one node a night clears them. */
    @Scheduled(cron = "0 17 3 * * *", zone = "Asia/Shanghai")
    @SchedulerLock(name = "login-failure-cleanup", lockAtMostFor = "PT10M")
    void forgetOldFailures() {
        jdbc.sql("DELETE FROM login_failure WHERE failed_at < now() - interval '1 day'").update();
    }
}
