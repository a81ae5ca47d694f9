package org.keyproject.dispatch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.CopyStaging;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.Money;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.DataScope;
import org.keyproject.project.BatchOutcome;
import org.keyproject.project.BatchProblem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Writes the progress reports of a whole dispatch sheet (调度表) of one monthly period at once,
 * set-based, by the rules of a single report ({@link Reports}): rows are copied into a temporary table
 * in chunks, matched to projects (by code, else name and owner, within the importer's scope), the
 * missing amount is derived from the previous report of the same year and cadence, every hard error
 * is found in one scan, and a sheet without errors is applied with a few INSERT … SELECT /
 * UPDATE … FROM statements, audited in bulk. The reports land SUBMITTED by the importing coordinator;
 * the warnings are stored on them, unexplained. A row that would leave a submitted or reviewed report
 * as it is writes nothing and counts as unchanged. Must run inside the caller's transaction.
 */
@Service
public class ReportBatch {

    private static final int CHUNK = 2_000;
    /** Inserted reports after which progress_report is analysed at once rather than whenever autovacuum comes round. */
    private static final int ANALYSE_AFTER = 1_000;

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Periods periods;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    ReportBatch(JdbcClient jdbc, DataSource dataSource, Periods periods, AuditTrail audit, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.periods = periods;
        this.audit = audit;
    }

    /**
     * One sheet row as read: bad when a cell could not be read (the row is staged, not checked);
     * started is 开复工情况 (true 已开工/已复工, false 未开工/未复工, null when not stated).
     */
    public record Row(int rowNo, boolean bad, String code, String name, String owner, BigDecimal periodAmount,
                      BigDecimal ytdAmount, Boolean started, LocalDate startedOn, String image, String problems) {
    }

    /** Opens a batch for a coordinator: a staging table that lives until the transaction ends. */
    public Batch open(CurrentUser by) {
        if (!by.scope().maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
        jdbc.sql("""
                CREATE TEMP TABLE report_batch (
                    row_no int PRIMARY KEY, bad boolean NOT NULL, code text, name text, owner text,
                    period_amount numeric, ytd_amount numeric, started boolean, started_on date, image text, problems text,
                    project_id bigint, first_row int, region_id bigint, total numeric, actual_start date, covered boolean,
                    report_id bigint, report_state text, current_started date, is_new boolean, later boolean,
                    prev_ytd numeric, prev_since numeric, prev_started date,
                    ytd numeric, amount numeric, since_start numeric, started_final date, started_this_year boolean,
                    unchanged boolean NOT NULL DEFAULT FALSE
                ) ON COMMIT DROP
                """).update();
        return new Batch(by);
    }

    /** A batch being filled, then checked against one monthly period and applied, in one transaction. */
    public final class Batch {

        private final CurrentUser by;
        private final CopyStaging staging = new CopyStaging(dataSource, "report_batch",
                "row_no, bad, code, name, owner, period_amount, ytd_amount, started, started_on, image, problems", CHUNK);
        private Period period;

        private Batch(CurrentUser by) {
            this.by = by;
        }

        /** Stages a row; rows are copied to PostgreSQL in chunks as they come. */
        public void add(Row row) {
            staging.add(row.rowNo(), row.bad(), row.code(), row.name(), row.owner(), row.periodAmount(), row.ytdAmount(),
                    row.started(), row.startedOn(), row.image(), row.problems());
        }

        /**
         * Finds the monthly period of the month for the importer's region (its own, else the nearest
         * one above); a month without one is opened for the importer's region, unless it lies in the
         * future. A closed period refuses the sheet. Then matches, derives and checks every row;
         * problems with row −1 concern the whole sheet.
         */
        public List<BatchProblem> check(YearMonth month) {
            staging.flush();
            jdbc.sql("ANALYZE report_batch").update();
            List<BatchProblem> problems = new ArrayList<>();
            period = periods.monthly(month, by);
            if (period == null && month.isAfter(YearMonth.now(Plans.ZONE))) {
                problems.add(new BatchProblem(-1, null, false, "dispatch.error.periodFuture", month.toString()));
                return problems;
            }
            if (period == null) {
                period = periods.open(new Periods.NewPeriod(month.getYear(), Period.Cadence.MONTHLY, month.getMonthValue(),
                        null, null, null), by);
            }
            if (period.closed()) {
                problems.add(new BatchProblem(-1, null, false, "dispatch.error.periodClosed", month.toString()));
                return problems;
            }
            match(by.scope());
            derive();
            problems.addAll(problems());
            return problems;
        }

        /** The year of the period checked, for the answer. */
        public int year() {
            return period.year();
        }

        private void match(DataScope scope) {
            String condition = scope.projectCondition("p");
            jdbc.sql("UPDATE report_batch s SET project_id = p.id FROM project p WHERE NOT s.bad AND s.code IS NOT NULL AND p.code = s.code AND "
                    + condition).params(scope.params()).update();
            jdbc.sql("""
                    UPDATE report_batch s SET project_id = m.id FROM (
                        SELECT DISTINCT ON (s2.row_no) s2.row_no, p.id
                        FROM report_batch s2 JOIN project p ON p.name = s2.name JOIN organization o ON o.id = p.owner_id
                        WHERE NOT s2.bad AND s2.project_id IS NULL AND s2.code IS NULL AND o.name = s2.owner AND %s
                        ORDER BY s2.row_no, p.id) m
                    WHERE s.row_no = m.row_no
                    """.formatted(condition)).params(scope.params()).update();
            jdbc.sql("""
                    UPDATE report_batch s SET first_row = d.first FROM (
                        SELECT row_no, min(row_no) OVER (PARTITION BY project_id) AS first FROM report_batch WHERE project_id IS NOT NULL) d
                    WHERE d.row_no = s.row_no AND d.first <> s.row_no
                    """).update();
        }

        /** The project's figures, the current and the previous report, and the amounts as Reports derives them. */
        private void derive() {
            Map<String, Object> at = Map.of("period", period.id(), "year", period.year(), "starts", period.startsOn());
            jdbc.sql("""
                    UPDATE report_batch s SET region_id = p.region_id, total = p.total_investment, actual_start = p.actual_start_date,
                        report_id = pr.id, report_state = pr.state, current_started = pr.started_on, is_new = pr.id IS NULL,
                        covered = p.id IN (SELECT project_id FROM (%s) listed),
                        later = EXISTS (SELECT 1 FROM progress_report lr JOIN report_period lp ON lp.id = lr.period_id
                                        WHERE lr.project_id = p.id AND lp.cadence = 'MONTHLY' AND lp.year = :year AND lp.starts_on > :starts)
                    FROM project p LEFT JOIN progress_report pr ON pr.period_id = :period AND pr.project_id = p.id
                    WHERE p.id = s.project_id
                    """.formatted(Periods.LISTED)).params(at).update();
            // statistics for the rows as matched, so that what follows is planned for them (not for no project at all)
            jdbc.sql("ANALYZE report_batch").update();
            // the previous report of the year and cadence, and from it the amounts, the start and whether anything changes
            jdbc.sql("""
                    UPDATE report_batch s SET prev_ytd = x.prev_ytd, prev_since = x.prev_since, prev_started = x.prev_started,
                        ytd = x.ytd, amount = x.ytd - x.prev_ytd,
                        since_start = CASE WHEN x.prev_since IS NULL THEN x.ytd ELSE x.prev_since + x.ytd - x.prev_ytd END,
                        started_final = x.started_final,
                        started_this_year = coalesce(s.started, extract(year FROM x.started_final) = :year, false)
                    FROM (
                        SELECT t.row_no, coalesce(v.ytd, 0) AS prev_ytd, v.since_start AS prev_since, v.started_on AS prev_started,
                               coalesce(t.ytd_amount, coalesce(v.ytd, 0) + t.period_amount) AS ytd,
                               coalesce(t.started_on, t.current_started, v.started_on,
                                        CASE WHEN extract(year FROM t.actual_start) = :year THEN t.actual_start END) AS started_final
                        FROM report_batch t LEFT JOIN LATERAL (
                            SELECT CASE WHEN op.year = :year THEN pr.ytd_amount ELSE 0 END AS ytd,
                                   coalesce(pr.since_start_amount, pr.ytd_amount) AS since_start,
                                   CASE WHEN op.year = :year THEN pr.started_on END AS started_on
                            FROM progress_report pr JOIN report_period op ON op.id = pr.period_id
                            WHERE pr.project_id = t.project_id AND op.cadence = 'MONTHLY' AND op.starts_on < :starts
                            ORDER BY op.starts_on DESC LIMIT 1) v ON TRUE
                        WHERE t.project_id IS NOT NULL) x
                    WHERE x.row_no = s.row_no
                    """).params(at).update();
            // a submitted or reviewed report the row would leave as it is (an exported sheet imported back)
            jdbc.sql("""
                    UPDATE report_batch s SET unchanged = TRUE FROM progress_report pr
                    WHERE pr.id = s.report_id AND s.report_state IN ('SUBMITTED', 'COUNTY_REVIEWED', 'CITY_CONFIRMED')
                      AND (s.amount, s.ytd, s.since_start, s.started_this_year, s.started_final) IS NOT DISTINCT FROM
                          (pr.period_amount, pr.ytd_amount, pr.since_start_amount, pr.started_this_year, pr.started_on)
                      AND coalesce(s.image = pr.image_progress, s.image IS NULL)
                      AND coalesce(s.problems = pr.problems_text, s.problems IS NULL)
                    """).update();
        }

        /**
         * Every hard error of every row, in one scan. A row that leaves its report as it is (an exported
         * sheet imported back) only has to name a project the period covers: it changes nothing to refuse.
         */
        private List<BatchProblem> problems() {
            return jdbc.sql("""
                    SELECT s.row_no, e.field, e.message_key, e.arg
                    FROM report_batch s CROSS JOIN LATERAL (VALUES
                        (1, s.project_id IS NULL, 'name', 'dispatch.error.projectUnknown', NULL::numeric),
                        (2, s.first_row IS NOT NULL, 'name', 'dispatch.error.duplicateProject', s.first_row::numeric),
                        (3, s.project_id IS NOT NULL AND NOT s.covered, 'name', 'dispatch.error.notCovered', NULL),
                        (4, s.report_state IN ('COUNTY_REVIEWED', 'CITY_CONFIRMED'), 'name', 'dispatch.error.reviewed', NULL),
                        (5, s.period_amount IS NULL AND s.ytd_amount IS NULL, 'periodAmount', 'error.report.amountRequired', NULL),
                        (6, s.period_amount < 0, 'periodAmount', 'error.amount.negative', NULL),
                        (7, s.ytd_amount < 0, 'ytdAmount', 'error.amount.negative', NULL),
                        (8, s.period_amount IS NOT NULL AND s.ytd_amount IS NOT NULL AND s.period_amount <> s.amount,
                            'ytdAmount', 'error.report.amountsDisagree', s.prev_ytd),
                        (9, NOT (s.period_amount IS NOT NULL AND s.ytd_amount IS NOT NULL AND s.period_amount <> s.amount)
                            AND s.period_amount >= 0 IS NOT FALSE AND s.ytd_amount >= 0 IS NOT FALSE AND s.amount < 0,
                            'ytdAmount', 'error.report.ytdBelowPrevious', s.prev_ytd),
                        (10, s.amount >= 0 AND s.ytd > s.total AND (s.period_amount IS NULL OR s.ytd_amount IS NULL OR s.period_amount = s.amount),
                            CASE WHEN s.ytd_amount IS NOT NULL THEN 'ytdAmount' ELSE 'periodAmount' END, 'error.report.beyondTotal', s.total),
                        (11, s.started_on > :today, 'startedOn', 'error.report.startFuture', NULL),
                        (12, NOT s.started AND extract(year FROM s.started_on) = :year, 'started', 'dispatch.error.startConflict', NULL),
                        (13, s.later, CASE WHEN s.ytd_amount IS NOT NULL THEN 'ytdAmount' ELSE 'periodAmount' END,
                            'error.report.laterExists', NULL)
                    ) e (n, hit, field, message_key, arg)
                    WHERE NOT s.bad AND coalesce(e.hit, FALSE) AND (e.n <= 2 OR s.project_id IS NOT NULL)
                      AND (e.n <= 3 OR NOT s.unchanged)
                    ORDER BY s.row_no, e.n
                    """).param("today", LocalDate.now(Plans.ZONE)).param("year", period.year())
                    .query((rs, i) -> {
                        BigDecimal arg = rs.getBigDecimal(4);
                        String key = rs.getString(3);
                        Object[] args = arg == null ? new Object[0]
                                : key.equals("dispatch.error.duplicateProject") ? new Object[] {arg.intValue()}
                                : new Object[] {Money.wan(arg).formatWan()};
                        return new BatchProblem(rs.getInt(1), rs.getString(2), false, key, args);
                    })
                    .list();
        }

        /** Writes the checked rows' reports (SUBMITTED), their warnings and the audit; answers each row's outcome. */
        public List<BatchOutcome> apply() {
            Map<String, Object> params = Map.of("period", period.id(), "by", by.id());
            jdbc.sql("""
                    CREATE TEMP TABLE report_batch_before ON COMMIT DROP AS
                    SELECT pr.id, to_jsonb(pr) - 'updated_at' AS state FROM progress_report pr JOIN report_batch s ON s.report_id = pr.id
                    WHERE NOT s.unchanged
                    """).update();
            jdbc.sql("""
                    UPDATE progress_report pr SET region_id = s.region_id, period_amount = s.amount, ytd_amount = s.ytd,
                        since_start_amount = s.since_start, started_this_year = s.started_this_year, started_on = s.started_final,
                        image_progress = coalesce(s.image, pr.image_progress), problems_text = coalesce(s.problems, pr.problems_text),
                        state = 'SUBMITTED', submitted_by = :by, submitted_at = now(), version = pr.version + 1, updated_at = now()
                    FROM report_batch s WHERE pr.id = s.report_id AND NOT s.unchanged
                    """).params(params).update();
            int created = jdbc.sql("""
                    WITH created AS (
                        INSERT INTO progress_report (period_id, project_id, region_id, state, period_amount, ytd_amount, since_start_amount,
                            started_this_year, started_on, image_progress, problems_text, submitted_by, submitted_at)
                        SELECT :period, s.project_id, s.region_id, 'SUBMITTED', s.amount, s.ytd, s.since_start, s.started_this_year,
                            s.started_final, s.image, s.problems, :by, now()
                        FROM report_batch s WHERE s.is_new
                        RETURNING id, project_id)
                    UPDATE report_batch s SET report_id = c.id FROM created c WHERE s.is_new AND s.project_id = c.project_id
                    """).params(params).update();
            if (created >= ANALYSE_AFTER) {
                // fresh statistics, or the next statements (and the next sheet) are planned for the table as it was
                jdbc.sql("ANALYZE progress_report").update();
            }
            writeWarnings();
            audit.recordAll(Reports.AUDIT_TYPE, "CREATE", """
                    SELECT pr.id AS entity_id, CAST(NULL AS jsonb) AS before_state, to_jsonb(pr) - 'updated_at' AS after_state
                    FROM progress_report pr JOIN report_batch s ON s.report_id = pr.id AND s.is_new
                    """, Map.of(), by.id(), by.displayName());
            audit.recordAll(Reports.AUDIT_TYPE, "UPDATE", """
                    SELECT pr.id AS entity_id, b.state AS before_state, to_jsonb(pr) - 'updated_at' AS after_state
                    FROM progress_report pr JOIN report_batch_before b ON b.id = pr.id
                    """, Map.of(), by.id(), by.displayName());
            events.publishEvent(new ReportsSubmitted(period.id()));
            return jdbc.sql("""
                    SELECT s.row_no, p.id, p.code, p.name, s.is_new, s.unchanged FROM report_batch s JOIN project p ON p.id = s.project_id
                    ORDER BY s.row_no
                    """).query((rs, i) -> new BatchOutcome(rs.getInt(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                    rs.getBoolean(5) ? BatchOutcome.Kind.CREATED
                            : rs.getBoolean(6) ? BatchOutcome.Kind.UNCHANGED : BatchOutcome.Kind.UPDATED)).list();
        }

        /**
         * The warnings of {@link Reports}, found for every report of the batch at once: a warning no longer
         * raised is removed, one raised again keeps its explanation, a new one waits for one.
         */
        private void writeWarnings() {
            jdbc.sql("""
                    CREATE TEMP TABLE report_batch_warning ON COMMIT DROP AS
                    SELECT s.report_id, w.code
                    FROM report_batch s JOIN progress_report pr ON pr.id = s.report_id AND NOT s.unchanged
                    CROSS JOIN LATERAL (VALUES
                        ('YTD_ABOVE_PLAN', s.ytd > (SELECT e.planned_investment FROM annual_list_entry e
                                                    WHERE e.project_id = s.project_id AND e.year = :year
                                                    ORDER BY CASE e.level WHEN 'PROVINCE' THEN 1 WHEN 'CITY' THEN 2 ELSE 3 END LIMIT 1)),
                        ('PROGRESS_MISMATCH', pr.progress_percent IS NOT NULL AND s.total > 0
                            AND abs(pr.progress_percent - round(s.since_start * 100 / s.total, 1)) > :tolerance),
                        ('NOT_STARTED', s.amount > 0 AND s.started_final IS NULL AND s.actual_start IS NULL),
                        ('IMAGE_STALLED', s.amount > 0 AND pr.image_progress IS NOT NULL AND (
                            SELECT count(*) = :stalled AND bool_and(coalesce(x.period_amount > 0 AND %s = %s, FALSE))
                            FROM (SELECT ep.period_amount, ep.image_progress
                                  FROM progress_report ep JOIN report_period op ON op.id = ep.period_id
                                  WHERE ep.project_id = s.project_id AND op.cadence = 'MONTHLY' AND op.year = :year AND op.starts_on < :starts
                                  ORDER BY op.starts_on DESC LIMIT :stalled) x)),
                        ('AMOUNT_JUMP', s.amount > 0 AND (
                            SELECT count(*) >= :minHistory AND s.amount > avg(jp.period_amount) + :sigmas * stddev_samp(jp.period_amount)
                                   AND s.amount > avg(jp.period_amount) + :floor
                            FROM progress_report jp JOIN report_period op ON op.id = jp.period_id
                            WHERE jp.project_id = s.project_id AND op.cadence = 'MONTHLY' AND op.starts_on < :starts))
                    ) w (code, hit)
                    WHERE coalesce(w.hit, FALSE)
                    """.formatted(Reports.normalised("x.image_progress"), Reports.normalised("pr.image_progress")))
                    .param("year", period.year()).param("starts", period.startsOn())
                    .param("tolerance", Reports.PROGRESS_TOLERANCE).param("stalled", Reports.STALLED_REPORTS - 1)
                    .param("minHistory", Reports.JUMP_MIN_HISTORY).param("sigmas", Reports.JUMP_SIGMAS)
                    .param("floor", Reports.JUMP_FLOOR).update();
            jdbc.sql("""
                    DELETE FROM report_warning w USING report_batch s
                    WHERE w.report_id = s.report_id AND NOT s.unchanged
                      AND NOT EXISTS (SELECT 1 FROM report_batch_warning n WHERE n.report_id = w.report_id AND n.code = w.code)
                    """).update();
            jdbc.sql("INSERT INTO report_warning (report_id, code) SELECT report_id, code FROM report_batch_warning ON CONFLICT DO NOTHING")
                    .update();
        }
    }
}
