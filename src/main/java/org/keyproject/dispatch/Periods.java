package org.keyproject.dispatch;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.keyproject.audit.AuditTrail;
import org.keyproject.calendar.WorkingDays;
import org.keyproject.common.FieldProblem;
import org.keyproject.common.ForbiddenException;
import org.keyproject.common.InvalidInputException;
import org.keyproject.common.NotFoundException;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.DataScope;
import org.keyproject.project.ProjectQueries;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reporting periods (调度期): opened by a coordinator for their region's subtree, due a number of
 * working days after their end, closed into a snapshot by {@link PeriodSnapshots}.
 */
@Service
@Transactional
class Periods {

    static final String AUDIT_TYPE = "report_period";

    /**
     * The list entries a period covers, one row per project and list level, with columns period_id,
     * project_id, level, entry_id, planned_investment: a monthly period every project on a list of its
     * year inside its region subtree, another cadence the designated projects among those. Binds :period.
     */
    static final String LISTED = covering("rp.id = :period");

    /** The list entries of every period (report_period rp) meeting the condition, as {@link #LISTED}. */
    static String covering(String periodCondition) {
        return """
                SELECT rp.id AS period_id, e.project_id, e.level, e.id AS entry_id, e.planned_investment
                FROM report_period rp
                JOIN region rr ON rr.id = rp.region_id
                JOIN annual_list_entry e ON e.year = rp.year
                JOIN project lp ON lp.id = e.project_id
                JOIN region lr ON lr.id = lp.region_id AND lr.path LIKE rr.path || '%%'
                WHERE %s
                  AND (rp.cadence = 'MONTHLY'
                       OR EXISTS (SELECT 1 FROM report_period_project d WHERE d.period_id = rp.id AND d.project_id = e.project_id))
                """.formatted(periodCondition);
    }

    private static final String COLUMNS = """
            SELECT rp.*, r.name AS region_name FROM report_period rp JOIN region r ON r.id = rp.region_id
            """;
    private static final RowMapper<Period> ROW = (rs, i) -> new Period(rs.getLong("id"), rs.getLong("region_id"),
            rs.getString("region_name"), rs.getInt("year"), Period.Cadence.valueOf(rs.getString("cadence")),
            rs.getObject("starts_on", LocalDate.class), rs.getObject("ends_on", LocalDate.class),
            rs.getObject("due_on", LocalDate.class), rs.getString("state"), (Long) rs.getObject("opened_by"),
            rs.getObject("opened_at", java.time.OffsetDateTime.class), (Long) rs.getObject("closed_by"),
            rs.getObject("closed_at", java.time.OffsetDateTime.class), rs.getInt("version"));

    private final JdbcClient jdbc;
    private final WorkingDays workingDays;
    private final Regions regions;
    private final ProjectQueries projects;
    private final AuditTrail audit;
    private final int dueWorkingDays;

    Periods(JdbcClient jdbc, WorkingDays workingDays, Regions regions, ProjectQueries projects, AuditTrail audit,
            @Value("${keyproject.dispatch.due-working-days:5}") int dueWorkingDays) {
        this.jdbc = jdbc;
        this.workingDays = workingDays;
        this.regions = regions;
        this.projects = projects;
        this.audit = audit;
        this.dueWorkingDays = dueWorkingDays;
    }

    record NewPeriod(Integer year, Period.Cadence cadence, Integer month, LocalDate startsOn, LocalDate endsOn,
                     List<Long> projectIds) {
    }

    /** Opens a period for the coordinator's own region; a monthly one may be given by its month alone. */
    Period open(NewPeriod input, CurrentUser by) {
        if (!by.scope().maintainsLibrary()) {
            throw new ForbiddenException("error.forbidden");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (input.year() == null || input.year() < 2000 || input.year() > 2100) {
            problems.add(new FieldProblem("year", input.year() == null ? "error.required" : "error.list.year"));
        }
        if (input.cadence() == null) {
            problems.add(new FieldProblem("cadence", "error.required"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        LocalDate starts = input.startsOn();
        LocalDate ends = input.endsOn();
        if (input.cadence() == Period.Cadence.MONTHLY && input.month() != null) {
            if (input.month() < 1 || input.month() > 12) {
                throw new InvalidInputException("month", "error.period.month");
            }
            YearMonth month = YearMonth.of(input.year(), input.month());
            starts = month.atDay(1);
            ends = month.atEndOfMonth();
        }
        if (starts == null) {
            problems.add(new FieldProblem("startsOn", "error.required"));
        } else if (starts.getYear() != input.year()) {
            problems.add(new FieldProblem("startsOn", "error.period.otherYear", input.year()));
        }
        if (ends == null) {
            problems.add(new FieldProblem("endsOn", "error.required"));
        } else if (ends.getYear() != input.year()) {
            problems.add(new FieldProblem("endsOn", "error.period.otherYear", input.year()));
        } else if (starts != null && ends.isBefore(starts)) {
            problems.add(new FieldProblem("endsOn", "error.period.endsBeforeStart"));
        }
        List<Long> designated = input.projectIds() == null ? List.of() : input.projectIds();
        if (input.cadence() != Period.Cadence.MONTHLY && designated.isEmpty()) {
            problems.add(new FieldProblem("projectIds", "error.period.projectsRequired"));
        }
        for (int i = 0; i < designated.size(); i++) {
            Long projectId = designated.get(i);
            if (projectId == null || projects.find(projectId, by.scope()).isEmpty()) {
                problems.add(new FieldProblem("projectIds[" + i + "]", "error.notFound.project", projectId));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        LocalDate due = workingDays.add(ends, dueWorkingDays);
        long id;
        try {
            id = jdbc.sql("""
                    INSERT INTO report_period (region_id, year, cadence, starts_on, ends_on, due_on, opened_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                    """).params(by.regionId(), input.year(), input.cadence().name(), starts, ends, due, by.id())
                    .query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw new InvalidInputException("startsOn", "error.period.exists", starts);
        }
        for (Long projectId : designated) {
            jdbc.sql("INSERT INTO report_period_project (period_id, project_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .params(id, projectId).update();
        }
        audit.record(AUDIT_TYPE, id, "OPEN", null, json(id), by.id(), by.displayName());
        return get(id, by);
    }

    /**
     * A period the caller may see: one of a region above or inside their own (an enterprise sees those
     * above its region); other periods are not found.
     */
    @Transactional(readOnly = true)
    Period get(long id, CurrentUser by) {
        return jdbc.sql(COLUMNS + " WHERE rp.id = :id AND " + visible()).params(visibleParams(by)).param("id", id)
                .query(ROW).optional().orElseThrow(() -> new NotFoundException("report_period", id));
    }

    /**
     * The monthly period of a month for the caller, as a dispatch sheet (调度表) is imported into and
     * exported from: their region's own, else the one of the nearest region above (null: none yet).
     */
    @Transactional(readOnly = true)
    Period monthly(YearMonth month, CurrentUser by) {
        String userPath = regions.get(by.regionId()).path();
        return jdbc.sql("""
                SELECT rp.id FROM report_period rp JOIN region r ON r.id = rp.region_id
                WHERE rp.cadence = 'MONTHLY' AND rp.starts_on = :starts AND :userPath LIKE r.path || '%'
                ORDER BY length(r.path) DESC LIMIT 1
                """).param("starts", month.atDay(1)).param("userPath", userPath).query(Long.class).optional()
                .map(id -> get(id, by)).orElse(null);
    }

    @Transactional(readOnly = true)
    List<Period> list(Integer year, CurrentUser by) {
        return jdbc.sql(COLUMNS + " WHERE (CAST(:year AS INT) IS NULL OR rp.year = :year) AND " + visible()
                        + " ORDER BY rp.starts_on DESC, rp.cadence, r.path")
                .params(visibleParams(by)).param("year", year).query(ROW).list();
    }

    /** A listed project in the caller's scope and the state of its report of the period (null: none yet). */
    record Missing(long projectId, String code, String name, long regionId, String regionName, Long commissionerId,
                   String commissionerName, String reportState) {
    }

    /** Listed projects in the caller's scope without a submitted report (a draft or a returned one counts as missing). */
    @Transactional(readOnly = true)
    List<Missing> missing(long periodId, CurrentUser by) {
        return listed(periodId, "(pr.id IS NULL OR pr.state IN ('DRAFT', 'RETURNED'))", null, by);
    }

    /** Listed projects in the caller's scope with their report's state; state, when given, keeps one state ("NONE": no report yet). */
    @Transactional(readOnly = true)
    List<Missing> reports(long periodId, String state, CurrentUser by) {
        return listed(periodId, "(CAST(:state AS TEXT) IS NULL OR pr.state = :state OR (:state = 'NONE' AND pr.id IS NULL))",
                state, by);
    }

    private List<Missing> listed(long periodId, String condition, String state, CurrentUser by) {
        get(periodId, by);
        DataScope scope = by.scope();
        return jdbc.sql("""
                SELECT p.id, p.code, p.name, p.region_id, r.name AS region_name, p.commissioner_id,
                       cu.display_name AS commissioner_name, pr.state
                FROM project p
                JOIN region r ON r.id = p.region_id
                LEFT JOIN app_user cu ON cu.id = p.commissioner_id
                LEFT JOIN progress_report pr ON pr.period_id = :period AND pr.project_id = p.id
                WHERE p.id IN (SELECT project_id FROM (%s) listed)
                  AND %s
                  AND %s
                ORDER BY r.path, p.code
                """.formatted(LISTED, condition, scope.projectCondition("p")))
                .params(scope.params()).param("period", periodId).param("state", state)
                .query((rs, i) -> new Missing(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), (Long) rs.getObject(6), rs.getString(7), rs.getString(8)))
                .list();
    }

    /** Whether the period covers the project (it sits on a list of the period's year it covers). */
    boolean covers(long periodId, long projectId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM (" + LISTED + ") listed WHERE project_id = :project)")
                .param("period", periodId).param("project", projectId).query(Boolean.class).single();
    }

    /** Only a coordinator of the period's own region (or an administrator) closes and revises it. */
    void requireOwner(Period period, CurrentUser by) {
        boolean admin = by.is(org.keyproject.people.Role.ADMIN);
        if (!admin && !(by.scope().maintainsLibrary() && by.regionId() == period.regionId())) {
            throw new ForbiddenException("error.period.notOwner");
        }
    }

    String json(long periodId) {
        return jdbc.sql("SELECT (to_jsonb(rp) - 'opened_at')::text FROM report_period rp WHERE id = ?").param(periodId)
                .query(String.class).single();
    }

    private static String visible() {
        return "(CAST(:admin AS BOOLEAN) OR r.path LIKE :userPath || '%' OR :userPath LIKE r.path || '%')";
    }

    private java.util.Map<String, Object> visibleParams(CurrentUser by) {
        Region region = regions.get(by.regionId());
        return java.util.Map.of("admin", by.is(org.keyproject.people.Role.ADMIN), "userPath", region.path());
    }
}
