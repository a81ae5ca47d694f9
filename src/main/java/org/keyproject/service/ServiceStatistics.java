package org.keyproject.service;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.keyproject.people.DataScope;
import org.keyproject.problem.ProblemStatistics;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts of the service ledger (服务台账统计) of a region subtree and a date range, in the caller's scope,
 * each in one SQL aggregate: per kind, per person, per region (the region's children), per month or
 * quarter, and the parallel approvals (并联审批) with the share handled in parallel; and the responsible
 * leaders (包保领导) who were on site fewer times in a month than expected.
 */
@Component
@Transactional(readOnly = true)
class ServiceStatistics {

    /** A period to count by. */
    enum Period {
        MONTH("to_char(s.served_on, 'YYYY-MM')"),
        QUARTER("to_char(s.served_on, 'YYYY') || '-Q' || extract(QUARTER FROM s.served_on)");

        final String label;

        Period(String label) {
            this.label = label;
        }
    }

    /**
     * One line of counts: what it counts (a person, a region, a period), the count of each kind, the total,
     * and the problems solved (问题解决数, see {@link #statistics}).
     */
    record Counts(Long id, String name, Map<ServiceKind, Long> byKind, long total, long problemsSolved) {

        Counts solved(long problems) {
            return new Counts(id, name, byKind, total, problems);
        }
    }

    /** 并联审批: the permits, how many of them were handled in parallel, and that share in % (one decimal). */
    record Approvals(long permits, long inParallel, BigDecimal sharePercent) {
    }

    record Statistics(long regionId, String regionName, LocalDate from, LocalDate to, Period period, Counts total,
                      List<Counts> byPerson, List<Counts> byRegion, List<Counts> byPeriod, Approvals parallelApprovals) {
    }

    /** A responsible leader and the times they were on site in the month, below what is expected. */
    record LeaderShortfall(long leaderId, String name, String regionName, long visits, int expected) {
    }

    record Shortfalls(long regionId, String regionName, YearMonth month, int expected, List<LeaderShortfall> leaders) {
    }

    /** count(*) FILTER per kind, in the order of ServiceKind, then the total. */
    private static final String COUNTS = Arrays.stream(ServiceKind.values())
            .map(k -> "count(*) FILTER (WHERE s.kind = '" + k.name() + "') AS " + k.name().toLowerCase())
            .collect(Collectors.joining(", ")) + ", count(*) AS total";

    /** The services in scope of the region subtree and the date range, as s (with p and sr). */
    private static final String SERVICES = """
            FROM service_record s
            JOIN project p ON p.id = s.project_id
            JOIN region sr ON sr.id = s.region_id
            WHERE sr.path LIKE :basePath AND s.served_on BETWEEN :from AND :to AND %s
            """;

    private static final RowMapper<Counts> COUNTS_ROW = (rs, i) -> new Counts((Long) rs.getObject("id"),
            rs.getString("name"), byKind(rs), rs.getLong("total"), 0);

    private final JdbcClient jdbc;
    private final Regions regions;
    private final ProblemStatistics problems;
    private final int leaderVisitsPerMonth;

    ServiceStatistics(JdbcClient jdbc, Regions regions, ProblemStatistics problems,
                      @Value("${keyproject.services.leader-visits-per-month:2}") int leaderVisitsPerMonth) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.problems = problems;
        this.leaderVisitsPerMonth = leaderVisitsPerMonth;
    }

    /**
     * The counts of the services of a region subtree between two days. Problems solved: in total, per
     * region and per period, the problems closed (销号) there and then as the problem statistics count them
     * (one definition, {@link ProblemStatistics}), whether or not a service is linked to them; a region or
     * period with solved problems but no service gets a line of its own. Per person, the closed problems
     * their services of the range helped close (linked as CLOSED): a problem two people helped counts for each.
     */
    Statistics statistics(Long regionId, long ownRegionId, LocalDate from, LocalDate to, Period period, DataScope scope) {
        return statistics(regionId, ownRegionId, from, to, period, scope, true);
    }

    /** The totals and the counts per person only (the ledger page's summary): no breakdown by region or period. */
    Statistics summary(Long regionId, long ownRegionId, LocalDate from, LocalDate to, DataScope scope) {
        return statistics(regionId, ownRegionId, from, to, Period.MONTH, scope, false);
    }

    private Statistics statistics(Long regionId, long ownRegionId, LocalDate from, LocalDate to, Period period, DataScope scope,
                                  boolean breakdowns) {
        Region base = base(regionId, ownRegionId, scope);
        Map<String, Object> params = new HashMap<>(scope.params());
        params.put("basePath", base.path() + "%");
        params.put("base", base.id());
        params.put("from", from);
        params.put("to", to);
        String services = SERVICES.formatted(scope.projectCondition("p"));
        Counts total = jdbc.sql("SELECT NULL AS id, NULL AS name, " + COUNTS + " " + services).params(params).query(COUNTS_ROW).single();
        List<Counts> byPerson = jdbc.sql("SELECT u.id, u.display_name AS name, " + COUNTS + " " + services.replace(
                        "JOIN region sr", "JOIN app_user u ON u.id = s.person_id JOIN region sr")
                        + " GROUP BY u.id, u.display_name ORDER BY total DESC, u.display_name, u.id")
                .params(params).query(COUNTS_ROW).list();
        // each service under the child of the base region whose subtree holds it, or under the base itself
        List<Counts> byRegion = !breakdowns ? List.of() : jdbc.sql("SELECT coalesce(c.id, b.id) AS id, coalesce(c.name, b.name) AS name, " + COUNTS + " "
                        + services.replace("JOIN region sr ON sr.id = s.region_id", """
                        JOIN region sr ON sr.id = s.region_id
                        JOIN region b ON b.id = :base
                        LEFT JOIN region c ON c.parent_id = b.id AND sr.path LIKE c.path || '%'""")
                        + " GROUP BY coalesce(c.id, b.id), coalesce(c.name, b.name), coalesce(c.sort_order, -1)"
                        + " ORDER BY coalesce(c.sort_order, -1), 1")
                .params(params).query(COUNTS_ROW).list();
        List<Counts> byPeriod = !breakdowns ? List.of() : jdbc.sql("SELECT NULL AS id, " + period.label + " AS name, " + COUNTS + " " + services
                        + " GROUP BY 2 ORDER BY 2")
                .params(params).query(COUNTS_ROW).list();
        Approvals approvals = jdbc.sql("""
                SELECT count(*), count(*) FILTER (WHERE s.in_parallel),
                       round(100.0 * count(*) FILTER (WHERE s.in_parallel) / nullif(count(*), 0), 1)
                """ + services + " AND s.kind = 'PARALLEL_APPROVAL'")
                .params(params).query((rs, i) -> new Approvals(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3))).single();
        ProblemStatistics.Statistics solvedByRegion = problems.statistics(base.id(), ownRegionId, from, to,
                ProblemStatistics.Grouping.REGION, scope);
        Map<Long, Long> solvedByPerson = new HashMap<>();
        jdbc.sql("SELECT s.person_id, count(DISTINCT l.problem_id) " + services.replace("JOIN region sr", """
                        JOIN service_problem l ON l.service_id = s.id AND l.role = 'CLOSED'
                        JOIN problem pb ON pb.id = l.problem_id AND pb.state = 'CLOSED'
                        JOIN region sr""") + " GROUP BY s.person_id")
                .params(params).query(rs -> {
                    solvedByPerson.put(rs.getLong(1), rs.getLong(2));
                });
        return new Statistics(base.id(), base.name(), from, to, period, total.solved(solvedByRegion.total().closed()),
                byPerson.stream().map(c -> c.solved(solvedByPerson.getOrDefault(c.id(), 0L))).toList(),
                !breakdowns ? List.of() : withSolved(byRegion, solvedByRegion.rows(), line -> String.valueOf(line.id())),
                !breakdowns ? List.of() : withSolved(byPeriod, problems.statistics(base.id(), ownRegionId, from, to,
                        ProblemStatistics.Grouping.valueOf(period.name()), scope).rows(), ProblemStatistics.Line::key),
                approvals);
    }

    /**
     * The lines with the problems closed under the same region or period (matched by region id or period
     * key), and a line without services for each one that has closed problems but no service.
     */
    private static List<Counts> withSolved(List<Counts> lines, List<ProblemStatistics.Line> solved,
                                           Function<ProblemStatistics.Line, String> key) {
        Map<String, ProblemStatistics.Line> byKey = new LinkedHashMap<>();
        solved.stream().filter(l -> l.closed() > 0).forEach(l -> byKey.put(key.apply(l), l));
        List<Counts> result = new ArrayList<>();
        for (Counts c : lines) {
            ProblemStatistics.Line line = byKey.remove(c.id() != null ? String.valueOf(c.id()) : c.name());
            result.add(c.solved(line == null ? 0 : line.closed()));
        }
        Map<ServiceKind, Long> none = new LinkedHashMap<>();
        for (ServiceKind kind : ServiceKind.values()) {
            none.put(kind, 0L);
        }
        byKey.values().forEach(l -> result.add(new Counts(l.id(), l.name() != null ? l.name() : l.key(), none, 0, l.closed())));
        return result;
    }

    /**
     * The responsible leaders (LEADER users who lead a project of the region subtree in the caller's
     * scope, not completed or withdrawn) who were on site (a site visit or on-site office session they
     * gave or took part in, on any project) fewer times in the month than expected; fewest first.
     */
    Shortfalls leaderShortfalls(Long regionId, long ownRegionId, YearMonth month, DataScope scope) {
        Region base = base(regionId, ownRegionId, scope);
        Map<String, Object> params = new HashMap<>(scope.params());
        params.put("basePath", base.path() + "%");
        params.put("from", month.atDay(1));
        params.put("to", month.atEndOfMonth());
        params.put("expected", leaderVisitsPerMonth);
        params.put("kinds", ServiceKind.ON_SITE.stream().map(Enum::name).toArray(String[]::new));
        List<LeaderShortfall> leaders = jdbc.sql("""
                WITH leaders AS (
                    SELECT DISTINCT u.id, u.display_name, ur.name AS region_name
                    FROM project p
                    JOIN region pr ON pr.id = p.region_id
                    JOIN app_user u ON u.id = p.leader_id AND u.role = 'LEADER' AND u.enabled
                    JOIN region ur ON ur.id = u.region_id
                    WHERE pr.path LIKE :basePath AND p.stage NOT IN ('COMPLETED', 'WITHDRAWN') AND %s
                ), on_site AS (
                    SELECT s.id, s.person_id AS user_id FROM service_record s
                    WHERE s.kind = ANY (CAST(:kinds AS text[])) AND s.served_on BETWEEN :from AND :to
                    UNION
                    SELECT s.id, sp.user_id FROM service_record s JOIN service_participant sp ON sp.service_id = s.id
                    WHERE s.kind = ANY (CAST(:kinds AS text[])) AND s.served_on BETWEEN :from AND :to
                )
                SELECT l.id, l.display_name, l.region_name, count(o.id) AS visits
                FROM leaders l LEFT JOIN on_site o ON o.user_id = l.id
                GROUP BY l.id, l.display_name, l.region_name
                HAVING count(o.id) < :expected
                ORDER BY visits, l.display_name, l.id
                """.formatted(scope.projectCondition("p")))
                .params(params)
                .query((rs, i) -> new LeaderShortfall(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        leaderVisitsPerMonth))
                .list();
        return new Shortfalls(base.id(), base.name(), month, leaderVisitsPerMonth, leaders);
    }


    /** The region asked about, or the caller's own; one outside the caller's region subtree is not found. */
    private Region base(Long regionId, long ownRegionId, DataScope scope) {
        return regions.asked(regionId, ownRegionId, scope::coversRegion);
    }

    private static Map<ServiceKind, Long> byKind(ResultSet rs) throws SQLException {
        Map<ServiceKind, Long> counts = new LinkedHashMap<>();
        for (ServiceKind kind : ServiceKind.values()) {
            counts.put(kind, rs.getLong(kind.name().toLowerCase()));
        }
        return counts;
    }
}
