package org.keyproject.service;

import java.time.LocalDate;
import java.util.Map;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.keyproject.calendar.WorkingDays;
import org.keyproject.notification.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Broken promises (承诺逾期): each working-day morning, every promise that has turned late is told once
 * to the users of the project's responsible department (责任单位) and to its commissioner (项目专员), or,
 * for a project without one, to the coordinators of the nearest region above it that has any. Only
 * promises late by at most {@code keyproject.services.promise-notice-days} working days are told, so a
 * morning the job missed is made up, and signings recorded long after the fact do not flood inboxes.
 * One statement, whatever the number of promises.
 */
@Component
class BrokenPromiseNotices {

    static final String KIND = "PROMISE_BROKEN";

    private static final Logger log = LoggerFactory.getLogger(BrokenPromiseNotices.class);

    /**
     * The late promises of :today and who is told: args are the project, the promised working days
     * (they name the promise in the message), the signing day, the due day and the working days late.
     */
    private static final String RECIPIENTS = """
            WITH late AS (
                SELECT sp.id, sp.project_id, p.name, sp.kind, sp.signed_on, sp.due_on, p.department_id, p.commissioner_id,
                       r.path, working_days_between(sp.due_on, CAST(:today AS DATE)) AS days_late, k.days
                FROM service_promise sp
                JOIN %s k (kind, days, service_kind) ON k.kind = sp.kind
                JOIN project p ON p.id = sp.project_id
                JOIN region r ON r.id = p.region_id
                WHERE sp.fulfilled_on IS NULL AND sp.due_on < CAST(:today AS DATE)
                  AND sp.due_on >= CAST(:today AS DATE) - 3 * CAST(:window AS INT) - 30
                  AND p.stage <> 'WITHDRAWN'
            ), nearest_coordinators AS (
                SELECT l.id, u.id AS user_id,
                       rank() OVER (PARTITION BY l.id ORDER BY length(ur.path) DESC) AS nearness
                FROM late l
                JOIN app_user u ON u.role = 'COORDINATOR' AND u.enabled AND u.username IS NOT NULL
                JOIN region ur ON ur.id = u.region_id AND l.path LIKE ur.path || '%%'
                WHERE l.commissioner_id IS NULL
            ), told AS (
                SELECT l.id, u.id AS user_id FROM late l
                JOIN app_user u ON u.organization_id = l.department_id AND u.role = 'DEPARTMENT'
                UNION
                SELECT l.id, l.commissioner_id FROM late l WHERE l.commissioner_id IS NOT NULL
                UNION
                SELECT id, user_id FROM nearest_coordinators WHERE nearness = 1
            )
            SELECT u.id AS recipient_id,
                   jsonb_build_array(l.name, l.days, to_char(l.signed_on, 'YYYY-MM-DD'), to_char(l.due_on, 'YYYY-MM-DD'),
                                     l.days_late) AS args,
                   '/projects/' || l.project_id AS link,
                   'promise:' || l.id AS dedup_key
            FROM told t
            JOIN late l ON l.id = t.id
            JOIN app_user u ON u.id = t.user_id AND u.enabled AND u.username IS NOT NULL
            WHERE l.days_late BETWEEN 1 AND :window
            """.formatted(PromiseKind.sqlValues());

    private final Notifications notifications;
    private final WorkingDays workingDays;
    private final int window;

    BrokenPromiseNotices(Notifications notifications, WorkingDays workingDays,
                         @Value("${keyproject.services.promise-notice-days:5}") int window) {
        this.notifications = notifications;
        this.workingDays = workingDays;
        this.window = window;
    }

    @Scheduled(cron = "${keyproject.services.promise-cron:0 30 8 * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "broken-promises", lockAtMostFor = "PT30M")
    void noticeToday() {
        notice(LocalDate.now(Services.ZONE));
    }

    /** The notices of the given day; nothing on a day off. Answers how many were new (none on a second run). */
    @Transactional
    int notice(LocalDate today) {
        if (!workingDays.isWorkingDay(today)) {
            return 0;
        }
        int told = notifications.notify(KIND, RECIPIENTS, Map.of("today", today, "window", window));
        log.info("Broken promises of {}: {} notices", today, told);
        return told;
    }
}
