package org.keyproject.dispatch;

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
 * Reminders to report (催报): each working-day morning, for every open period, the people who owe a
 * report of a listed project without a counted one are told in their inbox: the enterprise users of
 * the project's owner (建设单位) and its commissioner (项目专员). Once when the due date is N working
 * days away or nearer ({@code keyproject.dispatch.remind-days-before}), then on every working day
 * after it as overdue (逾期). Two statements, whatever the number of periods and projects.
 */
@Component
class ReportReminders {

    static final String DUE = "REPORT_DUE";
    static final String OVERDUE = "REPORT_OVERDUE";

    private static final Logger log = LoggerFactory.getLogger(ReportReminders.class);

    /**
     * Who owes which report of the open periods whose due date meets the window (%s, a condition on
     * report_period rp; binds :today): one row per recipient, period and project, in the columns
     * {@link Notifications#notify} takes. The message arguments are the project, the period's region,
     * start, end and due date, and the working days from today to the due date (before it) or from
     * the due date to today (after it). The dedup key is the period and project, and %s after it.
     */
    private static final String OWED = """
            WITH missing AS (
                SELECT DISTINCT rp.id AS period_id, r.name AS region_name, rp.starts_on, rp.ends_on, rp.due_on,
                       p.id AS project_id, p.name AS project_name, p.owner_id, p.commissioner_id
                FROM report_period rp
                JOIN region r ON r.id = rp.region_id
                JOIN (%s) l ON l.period_id = rp.id
                JOIN project p ON p.id = l.project_id
                WHERE NOT EXISTS (SELECT 1 FROM progress_report pr
                                  WHERE pr.period_id = rp.id AND pr.project_id = p.id AND pr.state IN %s)
            ), owed AS (
                SELECT period_id, project_id, commissioner_id AS user_id FROM missing WHERE commissioner_id IS NOT NULL
                UNION
                SELECT m.period_id, m.project_id, u.id FROM missing m
                JOIN app_user u ON u.organization_id = m.owner_id AND u.role = 'ENTERPRISE'
            )
            SELECT u.id AS recipient_id,
                   jsonb_build_array(m.project_name, m.region_name, to_char(m.starts_on, 'YYYY-MM-DD'),
                                     to_char(m.ends_on, 'YYYY-MM-DD'), to_char(m.due_on, 'YYYY-MM-DD'),
                                     abs(working_days_between(CAST(:today AS DATE), m.due_on))) AS args,
                   '/periods/' || m.period_id || '/reports/' || m.project_id AS link,
                   'report:' || m.period_id || ':' || m.project_id || %s AS dedup_key
            FROM owed o
            JOIN missing m ON m.period_id = o.period_id AND m.project_id = o.project_id
            JOIN app_user u ON u.id = o.user_id AND u.enabled AND u.username IS NOT NULL
            """;

    private final Notifications notifications;
    private final WorkingDays workingDays;
    private final int daysBefore;

    ReportReminders(Notifications notifications, WorkingDays workingDays,
                    @Value("${keyproject.dispatch.remind-days-before:2}") int daysBefore) {
        this.notifications = notifications;
        this.workingDays = workingDays;
        this.daysBefore = daysBefore;
    }

    @Scheduled(cron = "${keyproject.dispatch.remind-cron:0 0 8 * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "report-reminders", lockAtMostFor = "PT30M")
    void remindToday() {
        remind(LocalDate.now(Plans.ZONE));
    }

    /**
     * The reminders of the given day; nothing on a day off. Answers how many notices were new: a second
     * run on the same day finds every one of them made already.
     */
    @Transactional
    int remind(LocalDate today) {
        if (!workingDays.isWorkingDay(today)) {
            return 0;
        }
        LocalDate horizon = workingDays.add(today, daysBefore);
        Map<String, Object> params = Map.of("today", today, "horizon", horizon);
        // due soon: one notice for the whole window, whichever run of it comes first
        int due = notifications.notify(DUE, owed("rp.due_on BETWEEN CAST(:today AS DATE) AND CAST(:horizon AS DATE)",
                "':due'"), params);
        // overdue: one notice a working day
        int overdue = notifications.notify(OVERDUE, owed("rp.due_on < CAST(:today AS DATE)",
                "':overdue:' || CAST(:today AS DATE)"), params);
        log.info("Report reminders of {}: {} due soon, {} overdue", today, due, overdue);
        return due + overdue;
    }

    private static String owed(String window, String dedupSuffix) {
        return OWED.formatted(Periods.covering("rp.state = 'OPEN' AND " + window), PeriodSnapshots.COUNTED, dedupSuffix);
    }
}
