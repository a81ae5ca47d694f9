package org.keyproject.problem;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.keyproject.audit.AuditTrail;
import org.keyproject.calendar.WorkingDays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The problem loop's working morning, under ShedLock (one node of several runs it): the candidates of
 * the open periods' reports are swept in, every overdue problem is flagged to its department and the
 * coordinators (once per problem and day), and the direct line (直通车) escalates, once, every problem
 * flagged for it or overdue by {@code keyproject.problems.direct-line-after-days} working days to the
 * project's responsible leader. Nothing on a day off.
 */
@Component
class ProblemAlerts {

    private static final Logger log = LoggerFactory.getLogger(ProblemAlerts.class);

    private final JdbcClient jdbc;
    private final WorkingDays workingDays;
    private final ProblemNotices notices;
    private final ProblemCandidates candidates;
    private final AuditTrail audit;
    private final int directLineAfterDays;

    ProblemAlerts(JdbcClient jdbc, WorkingDays workingDays, ProblemNotices notices, ProblemCandidates candidates,
                  AuditTrail audit, @Value("${keyproject.problems.direct-line-after-days:3}") int directLineAfterDays) {
        this.jdbc = jdbc;
        this.workingDays = workingDays;
        this.notices = notices;
        this.candidates = candidates;
        this.audit = audit;
        this.directLineAfterDays = directLineAfterDays;
    }

    record Outcome(int candidates, int overdueNotices, int escalated) {
    }

    @Scheduled(cron = "${keyproject.problems.alert-cron:0 30 8 * * *}", zone = "Asia/Shanghai")
    @SchedulerLock(name = "problem-alerts", lockAtMostFor = "PT30M")
    void alertToday() {
        run(ProblemQueries.today());
    }

    /** The morning's work for the given day; nothing on a day off. A second run of the day adds nothing. */
    @Transactional
    Outcome run(LocalDate today) {
        if (!workingDays.isWorkingDay(today)) {
            return new Outcome(0, 0, 0);
        }
        int swept = candidates.fromOpenPeriods();
        int overdue = notices.overdue(today);
        int escalated = escalate(today, null).size();
        log.info("Problem alerts of {}: {} candidates, {} overdue notices, {} escalated", today, swept, overdue, escalated);
        return new Outcome(swept, overdue, escalated);
    }

    /**
     * Escalates the open problems due for the direct line (flagged for it, or overdue by the configured
     * working days), or only the given one, and answers their ids. escalated_at is set by one UPDATE …
     * WHERE escalated_at IS NULL: a second node running at the same moment waits for the first one's row
     * locks, finds the rows escalated and takes none, so each problem is escalated once.
     */
    @Transactional
    List<Long> escalate(LocalDate today, Long only) {
        List<Long> ids = jdbc.sql("""
                UPDATE problem pb SET escalated_at = now()
                WHERE pb.escalated_at IS NULL AND pb.state IN ('RAISED', 'ASSIGNED', 'IN_PROGRESS', 'ANSWERED')
                  AND (CAST(:only AS bigint) IS NULL OR pb.id = :only)
                  AND (pb.direct_line OR (pb.state IN ('ASSIGNED', 'IN_PROGRESS') AND pb.deadline < CAST(:today AS DATE)
                                          AND working_days_between(pb.deadline, CAST(:today AS DATE)) >= :after))
                RETURNING pb.id
                """).param("only", only).param("today", today).param("after", directLineAfterDays)
                .query(Long.class).list();
        if (ids.isEmpty()) {
            return ids;
        }
        Map<String, Object> params = Map.of("escalated", ids);
        jdbc.sql("""
                INSERT INTO problem_step (problem_id, action, from_state, to_state, department_id, deadline_before, deadline_after)
                SELECT pb.id, 'ESCALATE', pb.state, pb.state, pb.department_id, pb.deadline, pb.deadline
                FROM problem pb WHERE pb.id IN (:escalated)
                """).params(params).update();
        audit.recordAll(Problems.AUDIT_TYPE, "ESCALATE", """
                SELECT pb.id AS entity_id, jsonb_build_object('escalated_at', NULL) AS before_state,
                       jsonb_build_object('escalated_at', pb.escalated_at) AS after_state
                FROM problem pb WHERE pb.id IN (:escalated)
                """, params, null, "system");
        notices.escalated(ids, today);
        return ids;
    }
}
