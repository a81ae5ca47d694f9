package org.keyproject.problem;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keyproject.common.NotFoundException;
import org.keyproject.people.DataScope;
import org.keyproject.people.Role;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Problem statistics (问题统计) of a region subtree and a date range, in the caller's scope, each figure
 * one SQL aggregate (see docs/problems.md): raised in the range, of those still open and overdue today,
 * closed (销号) in the range, on time or late against the deadline, the median working days from
 * raising to closing; grouped by department (ranked), region, category, month, quarter or year. The
 * closed count is the one definition of "problems solved" (问题解决数) that the service ledger shows too.
 */
@Service
@Transactional(readOnly = true)
public class ProblemStatistics {

    /** What the lines are: one per department, child region, category, month, quarter or year. */
    public enum Grouping {
        DEPARTMENT("e.department_id", "NULL"),
        REGION("coalesce(c.id, CAST(:base AS bigint))", "NULL"),
        CATEGORY("NULL", "e.category"),
        MONTH("NULL", "to_char(e.on_day, 'YYYY-MM')"),
        QUARTER("NULL", "to_char(e.on_day, 'YYYY') || '-Q' || extract(QUARTER FROM e.on_day)"),
        YEAR("NULL", "to_char(e.on_day, 'YYYY')");

        final String id;
        final String key;

        Grouping(String id, String key) {
            this.id = id;
            this.key = key;
        }
    }

    /**
     * One line: what it counts (id for a department or region, key for a category or period, name),
     * the department's rank (1 best; null for other groupings and for problems not yet assigned), and
     * the figures. Rates and the median are rounded once, to one decimal, in the database.
     */
    public record Line(Long id, String key, String name, Integer rank, long raised, long open, long overdue, long closed,
                       long closedOnTime, long closedLate, BigDecimal onTimeRate, BigDecimal medianDaysToClose) {
    }

    public record Statistics(long regionId, String regionName, LocalDate from, LocalDate to, Grouping groupBy, Line total,
                             List<Line> rows) {
    }

    /**
     * The problems of the scope and region subtree raised or closed in the range, dismissed ones left out,
     * each once as raised (on its raising day) and once as closed (on its closing day), as e. Days are
     * taken in Asia/Shanghai; the instants bound the index scans.
     */
    private static final String EVENTS = """
            WITH base AS (
                SELECT pb.id, pb.department_id, pb.category, pb.state, pb.deadline, rg.path AS region_path,
                       CAST(pb.raised_at AT TIME ZONE 'Asia/Shanghai' AS date) AS raised_on,
                       CAST(pb.closed_at AT TIME ZONE 'Asia/Shanghai' AS date) AS closed_on,
                       {overdue} AS overdue_days
                FROM problem pb
                JOIN project p ON p.id = pb.project_id
                JOIN region rg ON rg.id = pb.region_id
                WHERE rg.path LIKE :basePath AND pb.state <> 'DISMISSED' AND {scope}
                  AND ((pb.raised_at >= :fromAt AND pb.raised_at < :toAt) OR (pb.closed_at >= :fromAt AND pb.closed_at < :toAt))
            ), event AS (
                SELECT b.*, TRUE AS raised, b.raised_on AS on_day, CAST(NULL AS integer) AS days_to_close
                FROM base b WHERE b.raised_on BETWEEN :from AND :to
                UNION ALL
                SELECT b.*, FALSE, b.closed_on, working_days_between(b.raised_on, b.closed_on)
                FROM base b WHERE b.closed_on BETWEEN :from AND :to
            ), line AS (
                SELECT {id} AS gid, {key} AS gkey,
                       count(*) FILTER (WHERE e.raised) AS raised,
                       count(*) FILTER (WHERE e.raised AND e.state <> 'CLOSED') AS open,
                       count(*) FILTER (WHERE e.raised AND e.overdue_days > 0) AS overdue,
                       count(*) FILTER (WHERE NOT e.raised) AS closed,
                       count(*) FILTER (WHERE NOT e.raised AND e.closed_on <= e.deadline) AS on_time,
                       round(CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY e.days_to_close) FILTER (WHERE NOT e.raised)
                             AS numeric), 1) AS median_days
                FROM event e
                LEFT JOIN region c ON {regionJoin}
                GROUP BY 1, 2
            ), rated AS (
                SELECT l.*, round(100.0 * l.on_time / nullif(l.closed, 0), 1) AS on_time_rate FROM line l
            )
            """;

    /**
     * 部门排名: departments with a higher share closed on time first, then fewer median working days to
     * close, then fewer overdue now; those with nothing closed in the range after every one that has;
     * equal figures share a rank. Problems not yet assigned make a line without rank.
     */
    private static final String DEPARTMENT_RANK = """
            CASE WHEN r.gid IS NULL THEN NULL ELSE CAST(rank() OVER (PARTITION BY r.gid IS NULL
                ORDER BY r.on_time_rate DESC NULLS LAST, r.median_days NULLS LAST, r.overdue) AS integer) END""";

    private static final String CATEGORY_ORDER = "array_position(CAST(:categories AS text[]), r.gkey)";

    private static final RowMapper<Line> LINE = (rs, i) -> line(rs);

    private final JdbcClient jdbc;
    private final Regions regions;

    ProblemStatistics(JdbcClient jdbc, Regions regions) {
        this.jdbc = jdbc;
        this.regions = regions;
    }

    /**
     * The statistics of a region subtree (the caller's own region when none is asked; for a department
     * handler, whose problems may lie anywhere, the whole tree) between two days; a region outside the
     * caller's region subtree is not found.
     */
    public Statistics statistics(Long regionId, long ownRegionId, LocalDate from, LocalDate to, Grouping groupBy,
                                 DataScope scope) {
        Region base = base(regionId, ownRegionId, scope);
        Map<String, Object> params = new HashMap<>(scope.params());
        params.put("basePath", base.path() + "%");
        params.put("base", base.id());
        params.put("from", from);
        params.put("to", to);
        params.put("fromAt", from.atStartOfDay(ProblemQueries.ZONE).toOffsetDateTime());
        params.put("toAt", to.plusDays(1).atStartOfDay(ProblemQueries.ZONE).toOffsetDateTime());
        params.put("today", ProblemQueries.today());
        params.put("categories", Arrays.stream(ProblemCategory.values()).map(Enum::name).toArray(String[]::new));
        Line total = jdbc.sql(events(scope, "NULL", "NULL", "FALSE")
                        + "SELECT r.*, NULL AS name, NULL AS rank FROM rated r")
                .params(params).query(LINE).optional()
                .orElse(new Line(null, null, null, null, 0, 0, 0, 0, 0, 0, null, null));
        String select = switch (groupBy) {
            case DEPARTMENT -> "SELECT r.*, o.name, " + DEPARTMENT_RANK + " AS rank FROM rated r"
                    + " LEFT JOIN organization o ON o.id = r.gid ORDER BY rank NULLS LAST, o.name, r.gid";
            case REGION -> "SELECT r.*, g.name, NULL AS rank FROM rated r JOIN region g ON g.id = r.gid"
                    + " ORDER BY g.id <> :base, g.sort_order, g.name";
            case CATEGORY -> "SELECT r.*, NULL AS name, NULL AS rank FROM rated r ORDER BY " + CATEGORY_ORDER;
            case MONTH, QUARTER, YEAR -> "SELECT r.*, NULL AS name, NULL AS rank FROM rated r ORDER BY r.gkey";
        };
        String regionJoin = groupBy == Grouping.REGION ? "c.parent_id = :base AND e.region_path LIKE c.path || '%'" : "FALSE";
        List<Line> rows = jdbc.sql(events(scope, groupBy.id, groupBy.key, regionJoin) + select).params(params).query(LINE).list();
        return new Statistics(base.id(), base.name(), from, to, groupBy, total, rows);
    }

    private static String events(DataScope scope, String id, String key, String regionJoin) {
        return EVENTS.replace("{overdue}", ProblemQueries.OVERDUE).replace("{scope}", ProblemQueries.scopeCondition(scope))
                .replace("{id}", id).replace("{key}", key).replace("{regionJoin}", regionJoin);
    }

    /** The region asked about (404 outside the caller's region subtree), else the caller's own, or the root for a department. */
    private Region base(Long regionId, long ownRegionId, DataScope scope) {
        if (regionId == null && scope.role() == Role.DEPARTMENT) {
            return regions.root().orElseThrow(() -> new NotFoundException("region", ownRegionId));
        }
        return regions.asked(regionId, ownRegionId, scope::coversRegion);
    }

    private static Line line(ResultSet rs) throws SQLException {
        long closed = rs.getLong("closed");
        long onTime = rs.getLong("on_time");
        return new Line((Long) rs.getObject("gid"), rs.getString("gkey"), rs.getString("name"), (Integer) rs.getObject("rank"),
                rs.getLong("raised"), rs.getLong("open"), rs.getLong("overdue"), closed, onTime, closed - onTime,
                rs.getBigDecimal("on_time_rate"), rs.getBigDecimal("median_days"));
    }
}
