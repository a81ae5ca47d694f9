package org.keyproject.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * keyproject.notifications.*: how notices leave the application. The SMTP server itself is
 * Spring Boot's spring.mail.* (no spring.mail.host, no e-mail).
 *
 * @param interval      pause between two runs of the delivery job (fixed delay)
 * @param batchSize     deliveries a run takes at most; the rest wait for the next run
 * @param maxAttempts   attempts before a delivery is given up as FAILED
 * @param backoff       the wait after the first failure, doubled after each further one
 * @param maxBackoff    the longest wait between two attempts
 * @param timeout       connect and answer timeout of a webhook call (the SMTP server's are
 *                      spring.mail.properties.mail.smtp.*timeout)
 * @param mailFrom      the From address of the e-mails
 * @param baseUrl       the application's public address (https://xm.example.gov.cn), to turn a
 *                      notice's link into one that works outside it; none when unset
 */
@ConfigurationProperties("keyproject.notifications")
record DeliveryProperties(@DefaultValue("PT30S") Duration interval,
                          @DefaultValue("200") int batchSize,
                          @DefaultValue("8") int maxAttempts,
                          @DefaultValue("PT1M") Duration backoff,
                          @DefaultValue("PT6H") Duration maxBackoff,
                          @DefaultValue("PT10S") Duration timeout,
                          @DefaultValue("keyproject@localhost") String mailFrom,
                          String baseUrl) {

    /**
     * How long to wait after the given number of failed attempts (1, 2, …): backoff, twice that,
     * four times …, never more than maxBackoff.
     */
    Duration delayAfter(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        Duration delay = backoff.multipliedBy(1L << doublings);
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    /** The notice's link as an address outside the application, or null without a base URL or link. */
    String absolute(String link) {
        if (link == null || baseUrl == null || baseUrl.isBlank()) {
            return null;
        }
        return baseUrl.replaceAll("/+$", "") + link;
    }
}
