package org.keyproject.dispatch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keyproject.common.NotFoundException;
import org.keyproject.people.DataScope;
import org.keyproject.project.YearTarget;
import org.keyproject.web.Texts;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading plans and the milestone chart. A plan is found only through its project within the
 * caller's data scope: outside it, the plan does not exist.
 */
@Service
@Transactional(readOnly = true)
class PlanQueries {

    private static final String SELECT = """
            SELECT pl.id, pl.project_id, pl.year, pl.version, pl.status, pl.annual_investment, pl.profile, pl.target,
                   pl.approved_at, pl.approved_by, au.display_name AS approved_by_name, pl.created_at, pl.created_by,
                   pl.lock_version
            FROM project_plan pl
            JOIN project p ON p.id = pl.project_id
            LEFT JOIN app_user au ON au.id = pl.approved_by
            """;

    private final JdbcClient jdbc;
    private final Texts texts;

    PlanQueries(JdbcClient jdbc, Texts texts) {
        this.jdbc = jdbc;
        this.texts = texts;
    }

    Plan get(long planId, DataScope scope) {
        return find(planId, scope).orElseThrow(() -> new NotFoundException("plan", planId));
    }

    Optional<Plan> find(long planId, DataScope scope) {
        return withDetails(jdbc.sql(SELECT + " WHERE pl.id = :id AND " + scope.projectCondition("p"))
                .params(scope.params()).param("id", planId).query(HEADER).list()).stream().findFirst();
    }

    /** Every version of a project's plans, of one year or of all years, oldest first (the caller checked the scope). */
    List<Plan> plans(long projectId, Integer year) {
        return withDetails(jdbc.sql(SELECT + " WHERE pl.project_id = :project AND (CAST(:year AS INT) IS NULL OR pl.year = :year) ORDER BY pl.year, pl.version")
                .param("project", projectId).param("year", year).query(HEADER).list());
    }

    /** Years with a plan, newest first. */
    List<Integer> years(long projectId) {
        return jdbc.sql("SELECT DISTINCT year FROM project_plan WHERE project_id = ? ORDER BY year DESC")
                .param(projectId).query(Integer.class).list();
    }

    /** The year asked for, else the latest year with a plan, else this year. */
    int yearOrLatest(long projectId, Integer year) {
        return year != null ? year : years(projectId).stream().findFirst().orElse(LocalDate.now(Plans.ZONE).getYear());
    }

    /** Actual dates reached, by milestone key. */
    Map<String, LocalDate> actuals(long projectId) {
        Map<String, LocalDate> actual = new HashMap<>();
        jdbc.sql("SELECT key, reached_on FROM project_milestone_actual WHERE project_id = ?").param(projectId)
                .query(rs -> {
                    actual.put(rs.getString(1), rs.getObject(2, LocalDate.class));
                });
        return actual;
    }

    /** The chart of a year: baseline, current and actual dates of every milestone, late ones marked. */
    MilestoneChart chart(long projectId, int year, LocalDate today) {
        List<Plan> versions = plans(projectId, year);
        Plan baseline = versions.stream().filter(p -> !p.draft()).findFirst().orElse(null);
        Plan current = versions.stream().filter(p -> !p.draft()).reduce((a, b) -> b)
                .orElse(versions.isEmpty() ? null : versions.get(versions.size() - 1));
        if (current == null) {
            return new MilestoneChart(projectId, year, today, null, null, null, List.of());
        }
        List<MilestoneChart.Row> rows = jdbc.sql("""
                WITH c AS (SELECT * FROM project_plan_milestone WHERE plan_id = :current),
                     b AS (SELECT * FROM project_plan_milestone WHERE plan_id = :baseline)
                SELECT coalesce(c.key, b.key) AS key, coalesce(c.name, b.name) AS name, b.planned_on AS baseline,
                       c.planned_on AS current, a.reached_on AS actual,
                       CASE WHEN c.planned_on IS NULL THEN FALSE -- dropped since the baseline: shown for comparison only
                            WHEN a.reached_on IS NULL THEN c.planned_on < :today
                            ELSE a.reached_on > c.planned_on END AS late
                FROM c FULL JOIN b ON b.key = c.key
                LEFT JOIN project_milestone_actual a ON a.project_id = :project AND a.key = coalesce(c.key, b.key)
                ORDER BY c.sort_order NULLS LAST, b.sort_order
                """)
                .param("current", current.id()).param("baseline", baseline == null ? -1L : baseline.id())
                .param("project", projectId).param("today", today)
                .query((rs, i) -> new MilestoneChart.Row(rs.getString("key"), name(rs.getString("key"), rs.getString("name")),
                        rs.getObject("baseline", LocalDate.class), rs.getObject("current", LocalDate.class),
                        rs.getObject("actual", LocalDate.class), rs.getBoolean("late")))
                .list();
        return new MilestoneChart(projectId, year, today, baseline == null ? null : baseline.version(), current.version(),
                current.status(), rows);
    }

    /** A template milestone in the reader's language; a custom one by the name it was given. */
    String name(String key, String customName) {
        return customName != null ? customName : texts.text("milestone." + key);
    }

    private List<Plan> withDetails(List<Header> headers) {
        if (headers.isEmpty()) {
            return List.of();
        }
        List<Long> ids = headers.stream().map(Header::id).toList();
        Map<Long, List<BigDecimal>> months = new HashMap<>();
        jdbc.sql("SELECT plan_id, amount FROM project_plan_month WHERE plan_id IN (:ids) ORDER BY plan_id, month")
                .param("ids", ids).query(rs -> {
                    months.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getBigDecimal(2));
                });
        Map<Long, List<Milestone>> milestones = new HashMap<>();
        jdbc.sql("SELECT plan_id, key, name, planned_on FROM project_plan_milestone WHERE plan_id IN (:ids) ORDER BY plan_id, sort_order")
                .param("ids", ids).query(rs -> {
                    milestones.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Milestone(rs.getString(2),
                            name(rs.getString(2), rs.getString(3)), rs.getObject(4, LocalDate.class)));
                });
        return headers.stream().map(h -> new Plan(h.id, h.projectId, h.year, h.version, h.status, h.annual, h.profile,
                h.target, h.approvedAt, h.approvedBy, h.approvedByName, h.createdAt, h.createdBy, h.lockVersion,
                List.copyOf(months.getOrDefault(h.id, List.of())), List.copyOf(milestones.getOrDefault(h.id, List.of()))))
                .toList();
    }

    private record Header(long id, long projectId, int year, int version, PlanStatus status, BigDecimal annual,
                          SpreadProfile profile, YearTarget target, OffsetDateTime approvedAt, Long approvedBy,
                          String approvedByName, OffsetDateTime createdAt, Long createdBy, int lockVersion) {
    }

    private static final RowMapper<Header> HEADER = (rs, i) -> new Header(rs.getLong("id"), rs.getLong("project_id"),
            rs.getInt("year"), rs.getInt("version"), PlanStatus.valueOf(rs.getString("status")),
            rs.getBigDecimal("annual_investment"), SpreadProfile.valueOf(rs.getString("profile")),
            rs.getString("target") == null ? null : YearTarget.valueOf(rs.getString("target")),
            rs.getObject("approved_at", OffsetDateTime.class), (Long) rs.getObject("approved_by"),
            rs.getString("approved_by_name"), rs.getObject("created_at", OffsetDateTime.class),
            (Long) rs.getObject("created_by"), rs.getInt("lock_version"));
}
