package org.keyproject.dispatch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.keyproject.audit.AuditTrail;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.DataScope;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.ProjectQueries;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Closing a period (关账) and its frozen snapshot: revision 0 as first closed, one row per listed
 * project and list level, written by one INSERT … SELECT in the same transaction that closes the
 * period; corrections afterwards append revisions with a reason. Snapshot rows are never changed
 * (the database refuses UPDATE and DELETE).
 */
@Service
@Transactional
class PeriodSnapshots {

    /** The reports that count: submitted or further along (V17's period_live_facts counts the same). */
    static final String COUNTED = "('SUBMITTED', 'COUNTY_REVIEWED', 'CITY_CONFIRMED')";

    private final JdbcClient jdbc;
    private final Periods periods;
    private final ProjectQueries projects;
    private final AuditTrail audit;

    PeriodSnapshots(JdbcClient jdbc, Periods periods, ProjectQueries projects, AuditTrail audit) {
        this.jdbc = jdbc;
        this.periods = periods;
        this.projects = projects;
        this.audit = audit;
    }

    record Row(long periodId, long projectId, String listLevel, int revision, long listEntryId, int year, long regionId,
               String nature, String category, String stage, boolean startedThisYear, LocalDate startedOn,
               BigDecimal periodAmount, BigDecimal ytdAmount, BigDecimal plannedInvestment, String reason,
               OffsetDateTime createdAt, Long createdBy) {
    }

    /**
     * Closes an open period and writes revision 0. A period already closed is answered as it stands:
     * closing twice changes nothing, and a close killed half way left nothing behind to repeat.
     */
    Period close(long periodId, CurrentUser by) {
        Period period = periods.get(periodId, by);
        periods.requireOwner(period, by);
        closeAs(periodId, Closer.of(by));
        return periods.get(periodId, by);
    }

    /** Who closes a period: a user, or the system (closed_by left empty, audited as "system"). */
    record Closer(Long id, String displayName) {

        static final Closer SYSTEM = new Closer(null, "system");

        static Closer of(CurrentUser user) {
            return new Closer(user.id(), user.displayName());
        }
    }

    /** Closes an open period and writes revision 0, without checking who may; false when it was closed already. */
    boolean closeAs(long periodId, Closer by) {
        String before = periods.json(periodId);
        int closed = jdbc.sql("""
                UPDATE report_period SET state = 'CLOSED', closed_by = ?, closed_at = now(), version = version + 1
                WHERE id = ? AND state = 'OPEN'
                """).params(by.id(), periodId).update();
        if (closed == 0) {
            return false;
        }
        // The period's live facts (V17 period_live_facts, the same definition the indicators read for a
        // month not closed yet), frozen as revision 0.
        jdbc.sql("""
                INSERT INTO period_snapshot (period_id, project_id, list_level, revision, list_entry_id, year, region_id,
                    nature, category, stage, started_this_year, started_on, period_amount, ytd_amount, planned_investment,
                    manufacturing, industry_id, total_investment, package_id, sub_projects, leader_id, target,
                    planned_start_month, created_by)
                SELECT rp.id, f.project_id, f.list_level, 0, f.list_entry_id, rp.year, f.region_id, f.nature, f.category,
                       f.stage, f.started_this_year, f.started_on, f.period_amount, f.ytd_amount, f.planned_investment,
                       f.manufacturing, f.industry_id, f.total_investment, f.package_id, f.sub_projects, f.leader_id,
                       f.target, f.planned_start_month, :by
                FROM report_period rp
                CROSS JOIN LATERAL period_live_facts(rp.region_id, rp.year, rp.cadence, rp.starts_on, rp.ends_on, rp.id, FALSE, NULL) f
                WHERE rp.id = :period
                  AND (rp.cadence = 'MONTHLY' OR EXISTS (SELECT 1 FROM report_period_project d
                                                         WHERE d.period_id = rp.id AND d.project_id = f.project_id))
                ON CONFLICT DO NOTHING
                """).param("period", periodId).param("by", by.id()).update();
        audit.record(Periods.AUDIT_TYPE, periodId, "CLOSE", before, periods.json(periodId), by.id(), by.displayName());
        return true;
    }

    record Revision(Long projectId, BigDecimal periodAmount, BigDecimal ytdAmount, LocalDate startedOn, String reason) {
    }

    /**
     * A correction of a closed period (更正): the project's next revision for every list level it has,
     * derived from its latest revision; revision 0 and the period's reports stay as they are.
     */
    List<Row> revise(long periodId, Revision input, CurrentUser by) {
        Period period = periods.get(periodId, by);
        periods.requireOwner(period, by);
        if (input.projectId() == null) {
            throw new InvalidInputException("projectId", "error.required");
        }
        ProjectDetails project = projects.get(input.projectId(), by.scope());
        if (!period.closed()) {
            throw new InvalidInputException("periodId", "error.revision.periodOpen");
        }
        Row latest = rows(periodId, by.scope(), true).stream().filter(r -> r.projectId() == project.id()).findFirst()
                .orElseThrow(() -> new NotFoundException("period_snapshot", project.id()));
        List<FieldProblem> problems = new ArrayList<>();
        if (input.reason() == null || input.reason().isBlank()) {
            problems.add(new FieldProblem("reason", "error.revision.reasonRequired"));
        }
        if (input.startedOn() != null && input.startedOn().isAfter(java.time.LocalDate.now(Plans.ZONE))) {
            problems.add(new FieldProblem("startedOn", "error.report.startFuture"));
        }
        BigDecimal before = latest.ytdAmount().subtract(latest.periodAmount());
        Reports.Amounts amounts = Reports.derive(input.periodAmount(), input.ytdAmount(), before, null,
                project.totalInvestment(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        LocalDate startedOn = input.startedOn() != null ? input.startedOn() : latest.startedOn();
        jdbc.sql("""
                INSERT INTO period_snapshot (period_id, project_id, list_level, revision, list_entry_id, year, region_id,
                    nature, category, stage, started_this_year, started_on, period_amount, ytd_amount, planned_investment,
                    manufacturing, industry_id, total_investment, package_id, sub_projects, leader_id, target,
                    planned_start_month, reason, created_by)
                SELECT s.period_id, s.project_id, s.list_level, s.revision + 1, s.list_entry_id, s.year, s.region_id,
                       s.nature, s.category, s.stage, coalesce(extract(YEAR FROM CAST(:startedOn AS DATE)) = s.year, FALSE),
                       :startedOn, :periodAmount, :ytd, s.planned_investment, s.manufacturing, s.industry_id,
                       s.total_investment, s.package_id, s.sub_projects, s.leader_id, s.target, s.planned_start_month, :reason, :by
                FROM period_snapshot s
                WHERE s.period_id = :period AND s.project_id = :project
                  AND s.revision = (SELECT max(revision) FROM period_snapshot m WHERE m.period_id = s.period_id
                                    AND m.project_id = s.project_id AND m.list_level = s.list_level)
                """).param("period", periodId).param("project", project.id()).param("startedOn", startedOn)
                .param("periodAmount", amounts.period()).param("ytd", amounts.ytd()).param("reason", input.reason().trim())
                .param("by", by.id()).update();
        audit.record(Periods.AUDIT_TYPE, periodId, "REVISE",
                "{\"project_id\": %d, \"period_amount\": %s, \"ytd_amount\": %s}".formatted(project.id(),
                        latest.periodAmount().toPlainString(), latest.ytdAmount().toPlainString()),
                "{\"project_id\": %d, \"period_amount\": %s, \"ytd_amount\": %s, \"revision\": %d}".formatted(project.id(),
                        amounts.period().toPlainString(), amounts.ytd().toPlainString(), latest.revision() + 1),
                by.id(), by.displayName());
        return rows(periodId, by.scope(), true).stream().filter(r -> r.projectId() == project.id()).toList();
    }

    /** The snapshot of the projects in scope: as first closed (revision 0), or the latest revision of each row. */
    @Transactional(readOnly = true)
    List<Row> snapshot(long periodId, boolean revised, CurrentUser by) {
        periods.get(periodId, by);
        return rows(periodId, by.scope(), revised);
    }

    private List<Row> rows(long periodId, DataScope scope, boolean revised) {
        String which = revised
                ? "s.revision = (SELECT max(revision) FROM period_snapshot m WHERE m.period_id = s.period_id AND m.project_id = s.project_id AND m.list_level = s.list_level)"
                : "s.revision = 0";
        return jdbc.sql("""
                SELECT s.* FROM period_snapshot s JOIN project p ON p.id = s.project_id
                WHERE s.period_id = :period AND %s AND %s
                ORDER BY s.project_id, CASE s.list_level WHEN 'PROVINCE' THEN 1 WHEN 'CITY' THEN 2 ELSE 3 END
                """.formatted(which, scope.projectCondition("p")))
                .params(scope.params()).param("period", periodId)
                .query((rs, i) -> new Row(rs.getLong("period_id"), rs.getLong("project_id"), rs.getString("list_level"),
                        rs.getInt("revision"), rs.getLong("list_entry_id"), rs.getInt("year"), rs.getLong("region_id"),
                        rs.getString("nature"), rs.getString("category"), rs.getString("stage"),
                        rs.getBoolean("started_this_year"), rs.getObject("started_on", LocalDate.class),
                        rs.getBigDecimal("period_amount"), rs.getBigDecimal("ytd_amount"),
                        rs.getBigDecimal("planned_investment"), rs.getString("reason"),
                        rs.getObject("created_at", OffsetDateTime.class), (Long) rs.getObject("created_by")))
                .list();
    }
}
