package org.keyproject.problem;

import java.util.List;
import java.util.Map;
import org.keyproject.audit.AuditTrail;
import org.keyproject.dispatch.ReportsSubmitted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Candidates from progress reports: the 存在问题 of a submitted report (typed on the report page, or the
 * column of a dispatch sheet) becomes a problem in state RAISED, source REPORT, for the coordinator to
 * assign or dismiss. One INSERT … SELECT over a period's reports, one candidate per report whatever how
 * often it runs: after every submission (the dispatch module's {@link ReportsSubmitted}, once its
 * transaction has committed) and each working morning over the open periods, which catches a
 * submission whose event was lost with its node.
 */
@Component
class ProblemCandidates {

    private static final Logger log = LoggerFactory.getLogger(ProblemCandidates.class);

    /** Report text trimmed of spaces, tabs, line breaks and the ideographic space. */
    private static final String TEXT = "btrim(pr.problems_text, E' \\t\\r\\n\\u3000')";

    /**
     * Creates the missing candidates of the reports matching %s (a condition on progress_report pr) with
     * their RAISE step, and answers their ids. The raiser is whoever submitted the report; the title is
     * the text's first line, cut to 60 characters.
     */
    private static final String CREATE = """
            WITH created AS (
                INSERT INTO problem (project_id, region_id, raised_by, raised_role, raised_at, category, title, description,
                                     source, source_report_id)
                SELECT pr.project_id, p.region_id, pr.submitted_by, u.role, pr.submitted_at, 'OTHER',
                       left(split_part(%1$s, E'\\n', 1), 60), %1$s, 'REPORT', pr.id
                FROM progress_report pr
                JOIN project p ON p.id = pr.project_id
                JOIN app_user u ON u.id = pr.submitted_by
                WHERE %2$s AND pr.state IN ('SUBMITTED', 'COUNTY_REVIEWED', 'CITY_CONFIRMED') AND %1$s <> ''
                ON CONFLICT (source_report_id) WHERE source_report_id IS NOT NULL DO NOTHING
                RETURNING id, raised_by, raised_at
            ), steps AS (
                INSERT INTO problem_step (problem_id, action, to_state, actor_id, at)
                SELECT id, 'RAISE', 'RAISED', raised_by, raised_at FROM created
                RETURNING problem_id
            )
            SELECT problem_id FROM steps
            """;

    private final JdbcClient jdbc;
    private final AuditTrail audit;

    ProblemCandidates(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** After the submitting transaction committed; in a transaction of its own, so that a failure here loses no report. */
    @TransactionalEventListener(fallbackExecution = true)
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void on(ReportsSubmitted event) {
        fromPeriod(event.periodId());
    }

    /** The candidates of one period's submitted reports; answers how many were new. */
    int fromPeriod(long periodId) {
        return create("pr.period_id = :period", Map.of("period", periodId));
    }

    /** The candidates of every open period's submitted reports (the morning sweep). */
    int fromOpenPeriods() {
        return create("pr.period_id IN (SELECT rp.id FROM report_period rp WHERE rp.state = 'OPEN')", Map.of());
    }

    private int create(String reports, Map<String, Object> params) {
        List<Long> ids = jdbc.sql(CREATE.formatted(TEXT, reports)).params(params).query(Long.class).list();
        if (!ids.isEmpty()) {
            audit.recordAll(Problems.AUDIT_TYPE, "CREATE", """
                    SELECT pb.id AS entity_id, CAST(NULL AS jsonb) AS before_state, to_jsonb(pb) - 'updated_at' AS after_state
                    FROM problem pb WHERE pb.id IN (:created)
                    """, Map.of("created", ids), null, "system");
            log.info("{} problem candidates from progress reports", ids.size());
        }
        return ids.size();
    }
}
