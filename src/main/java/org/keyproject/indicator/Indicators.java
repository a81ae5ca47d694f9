package org.keyproject.indicator;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.keyproject.common.NotFoundException;
import org.keyproject.common.PageResult;
import org.keyproject.people.DataScope;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Computes the indicators in PostgreSQL: every figure is an aggregate of {@link Measure} over the
 * month's facts ({@code month_facts}), never rows loaded into Java. Withdrawn projects (退库 by the
 * period's end) have left the list and count nowhere.
 */
@Service
@Transactional(readOnly = true)
class Indicators {

    private final JdbcClient jdbc;
    private final Regions regions;
    private final IndicatorCache cache;

    Indicators(JdbcClient jdbc, Regions regions, IndicatorCache cache) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.cache = cache;
    }

    /** One cut's figures with its key and label (the region's, industry's or leader's name; null for enums). */
    record Cut(Dimension dimension, String key, String label, Figures figures) {
    }

    /** A project behind a figure. */
    record FactRow(long projectId, String code, String name, long regionId, String regionName, String nature,
                   String category, String stage, boolean started, LocalDate startedOn, BigDecimal totalInvestment,
                   BigDecimal plannedInvestment, BigDecimal completed, BigDecimal periodCompleted, String source) {
    }

    /** The region asked about, when the caller's scope covers it; else it does not exist for them. */
    Region region(long regionId, DataScope scope) {
        Region region = regions.find(regionId).orElseThrow(() -> new NotFoundException("region", regionId));
        if (!scope.coversRegion(region.path())) {
            throw new NotFoundException("region", regionId);
        }
        return region;
    }

    Region regionOf(long regionId) {
        return regions.get(regionId);
    }

    /**
     * The figures of every key of the given dimensions (ALL gives one cut: the whole). Within one web
     * request, cuts asked for again (the cockpit's figures, forecast and ranking all start from the same
     * month) are taken from the first answer that holds them.
     */
    List<Cut> cuts(IndicatorQuery q, Collection<Dimension> dimensions) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return computedCuts(q, dimensions);
        }
        String attribute = Indicators.class.getName() + ".cuts";
        @SuppressWarnings("unchecked")
        Map<IndicatorQuery, Map<Collection<Dimension>, List<Cut>>> memo =
                (Map<IndicatorQuery, Map<Collection<Dimension>, List<Cut>>>) request.getAttribute(attribute, RequestAttributes.SCOPE_REQUEST);
        if (memo == null) {
            memo = new HashMap<>();
            request.setAttribute(attribute, memo, RequestAttributes.SCOPE_REQUEST);
        }
        Map<Collection<Dimension>, List<Cut>> answered = memo.computeIfAbsent(q, k -> new HashMap<>());
        for (Map.Entry<Collection<Dimension>, List<Cut>> earlier : answered.entrySet()) {
            if (earlier.getKey().containsAll(dimensions)) {
                return earlier.getValue().stream().filter(c -> dimensions.contains(c.dimension())).toList();
            }
        }
        List<Cut> cuts = computedCuts(q, dimensions);
        answered.put(Set.copyOf(dimensions), cuts);
        return cuts;
    }

    private List<Cut> computedCuts(IndicatorQuery q, Collection<Dimension> dimensions) {
        String sql = q.batch() == null ? summaryCuts(q, dimensions) : factCuts(q, dimensions);
        List<Cut> cuts = bind(jdbc.sql(sql), q).query((rs, i) -> new Cut(Dimension.valueOf(rs.getString("dim")),
                rs.getString("key"), rs.getString("label"), figures(q.year(), q.month(), rs))).list();
        if (dimensions.contains(Dimension.ALL) && cuts.stream().noneMatch(c -> c.dimension() == Dimension.ALL)) {
            List<Cut> withWhole = new ArrayList<>();
            withWhole.add(new Cut(Dimension.ALL, "", null, Figures.empty(q.year(), q.month())));
            withWhole.addAll(cuts);
            return withWhole;
        }
        return cuts; // ALL sorts first
    }

    /** The whole subtree's figures at the end of each month of the year up to the query's. */
    List<Figures> trend(IndicatorQuery q) {
        Map<Integer, Figures> byMonth = new LinkedHashMap<>();
        wholes(q, java.util.stream.IntStream.rangeClosed(1, q.month()).mapToObj(m -> YearMonth.of(q.year(), m)).toList())
                .forEach(f -> byMonth.put(f.month(), f));
        List<Figures> months = new ArrayList<>();
        for (int m = 1; m <= q.month(); m++) {
            months.add(byMonth.getOrDefault(m, Figures.empty(q.year(), m)));
        }
        return months;
    }

    /**
     * Whether cuts that include the SOURCE dimension come from frozen snapshots, live reports, or both
     * (some regions closed).
     */
    static String source(List<Cut> cuts) {
        List<String> sources = cuts.stream().filter(c -> c.dimension() == Dimension.SOURCE).map(Cut::key).toList();
        if (sources.size() == 1) {
            return sources.get(0);
        }
        return sources.isEmpty() ? "NONE" : "MIXED";
    }

    /**
     * The whole subtree's figures at several months (the same month a year before, the month before),
     * in one query.
     */
    List<Figures> wholes(List<IndicatorQuery> months) {
        if (months.isEmpty()) {
            return List.of();
        }
        Map<String, Figures> found = new LinkedHashMap<>();
        wholes(months.get(0), months.stream().map(m -> YearMonth.of(m.year(), m.month())).toList())
                .forEach(f -> found.put(f.year() + "-" + f.month(), f));
        return months.stream().map(m -> found.getOrDefault(m.year() + "-" + m.month(), Figures.empty(m.year(), m.month())))
                .toList();
    }

    /**
     * The projects behind one figure of one cut, inside the caller's data scope, ordered by region and
     * code: the rows the figure's own predicate selects.
     */
    PageResult<FactRow> projects(IndicatorQuery q, Measure measure, Dimension dimension, String key, DataScope scope,
                                 int page, int size) {
        String base = scoped(q, measure, dimension, scope);
        long[] total = {0};
        List<FactRow> items = factRows(q, base, "r.path, f.code", key, scope, size, (long) page * size, total);
        if (items.isEmpty() && page > 0) { // past the end: the window gave no count
            total[0] = bind(jdbc.sql("SELECT count(*) " + base), q).param("key", key).params(scope.params())
                    .query(Long.class).single();
        }
        return new PageResult<>(items, total[0], page, size);
    }

    /**
     * The projects furthest behind 序时进度 inside the caller's scope, the lowest completion rate first
     * (every project of a month has the same 序时进度, so that is the order of their points), the larger
     * planned investment first among equals.
     */
    List<FactRow> furthestBehind(IndicatorQuery q, DataScope scope, int limit) {
        String base = scoped(q, Measure.BEHIND_TIME_PROGRESS, Dimension.ALL, scope);
        return factRows(q, base, "f.completion, f.planned_investment DESC, f.code", "", scope, limit, 0,
                null);
    }

    /**
     * A project on the map (一张图): where it is, its stage and whether it is behind 序时进度 (null when it
     * has no plan for the year to be behind).
     */
    record MapPoint(long projectId, String name, BigDecimal longitude, BigDecimal latitude, String stage, Boolean behind) {
    }

    /** Points on the map, the largest projects first, and whether more projects with coordinates were left out. */
    record MapPoints(List<MapPoint> points, boolean capped) {
    }

    /**
     * The projects of the month's facts inside the caller's scope that have coordinates: at most
     * {@code limit}, the largest total investment first (a province's tens of thousands would make a page
     * of megabytes and a map of dots).
     */
    MapPoints mapPoints(IndicatorQuery q, DataScope scope, int limit) {
        String base = scoped(q, Measure.LISTED, Dimension.ALL, scope);
        List<MapPoint> points = bind(jdbc.sql("""
                SELECT f.project_id AS id, f.name, f.longitude, f.latitude, f.stage,
                       CASE WHEN f.planned_investment > 0 THEN (%s) END AS behind
                %s AND f.longitude IS NOT NULL AND f.latitude IS NOT NULL
                ORDER BY f.total_investment DESC, f.code LIMIT :limit
                """.formatted(Measure.BEHIND_TIME_PROGRESS.predicate(), base)), q).param("key", "").params(scope.params())
                .param("limit", limit + 1)
                .query((rs, i) -> new MapPoint(rs.getLong("id"), rs.getString("name"), rs.getBigDecimal("longitude"),
                        rs.getBigDecimal("latitude"), rs.getString("stage"), (Boolean) rs.getObject("behind")))
                .list();
        boolean capped = points.size() > limit;
        return new MapPoints(capped ? points.subList(0, limit) : points, capped);
    }

    /** The years that have an annual list, the latest first. */
    List<Integer> listYears() {
        return jdbc.sql("SELECT DISTINCT year FROM annual_list ORDER BY year DESC").query(Integer.class).list();
    }

    private String scoped(IndicatorQuery q, Measure measure, Dimension dimension, DataScope scope) {
        return cachedFacts(q) + filters(q) + " AND (" + measure.predicate() + ") AND " + dimension.expression() + " = :key"
                + inScope(scope);
    }

    /**
     * The caller's data scope on facts {@code f}: the project as it is now (its region, its people) must
     * be in it; nothing to check for a scope that is everything. The facts carry code, name and
     * coordinates, so the project is read only for this.
     */
    static String inScope(DataScope scope) {
        String condition = scope.projectCondition("p");
        return "TRUE".equals(condition) ? "" : " AND EXISTS (SELECT 1 FROM project p WHERE p.id = f.project_id AND " + condition + ")";
    }

    /**
     * A page of the facts' projects; {@code total[0]}, when asked for, receives how many there are in all
     * (one query, a window count, which costs a pass over all of them: without it the database keeps only
     * the top of the order).
     */
    private List<FactRow> factRows(IndicatorQuery q, String base, String order, String key, DataScope scope, int limit,
                                   long offset, long[] total) {
        return bind(jdbc.sql("""
                SELECT f.*, coalesce(r.short_name, r.name) AS region_name%s %s
                ORDER BY %s LIMIT :size OFFSET :offset
                """.formatted(total == null ? "" : ", count(*) OVER () AS total", base, order)), q).param("key", key).params(scope.params())
                .param("size", limit).param("offset", offset)
                .query((rs, i) -> {
                    if (total != null) {
                        total[0] = rs.getLong("total");
                    }
                    return new FactRow(rs.getLong("project_id"), rs.getString("code"), rs.getString("name"),
                            rs.getLong("region_id"), rs.getString("region_name"), rs.getString("nature"),
                            rs.getString("category"), rs.getString("stage"), rs.getBoolean("started_this_year"),
                            rs.getObject("started_on", LocalDate.class), rs.getBigDecimal("total_investment"),
                            rs.getBigDecimal("planned_investment"), rs.getBigDecimal("ytd_amount"),
                            rs.getBigDecimal("period_amount"), rs.getString("source"));
                })
                .list();
    }

    /** The latest month of the year with a monthly period in or above the region; else the year's last month so far. */
    int defaultMonth(long regionId, int year) {
        Integer latest = jdbc.sql("""
                SELECT max(extract(MONTH FROM rp.starts_on))::INT FROM report_period rp
                JOIN region pr ON pr.id = rp.region_id JOIN region q ON q.id = :region
                WHERE rp.cadence = 'MONTHLY' AND rp.year = :year
                  AND (q.path LIKE pr.path || '%' OR pr.path LIKE q.path || '%')
                """).param("region", regionId).param("year", year).query(Integer.class).optional().orElse(null);
        if (latest != null) {
            return latest;
        }
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        return year < today.getYear() ? 12 : today.getMonthValue();
    }

    /**
     * The cached facts of several months as one relation {@code f}, inside the subtree of {@code :topPath};
     * the caller has made them {@link IndicatorCache#ready ready}.
     */
    static String factsOf(List<YearMonth> months, String revised) {
        return """
                (SELECT f.* FROM indicator_facts f
                 JOIN region fr ON fr.id = f.region_id AND fr.path LIKE :topPath || '%%'
                 WHERE f.cache_id = ANY (%s)) f""".formatted(builds("FACTS", months, revised));
    }

    /**
     * The cached summary rows of several months as one relation {@code s} with the month in period_year
     * and period_month, inside the subtree of {@code :topPath}; the caller has made them ready.
     */
    static String summaryOf(List<YearMonth> months, String revised) {
        return """
                (SELECT fc.year AS period_year, fc.month AS period_month, s.* FROM indicator_summary s
                 JOIN indicator_cache fc ON fc.id = s.cache_id
                 JOIN region sr ON sr.id = s.region_id AND sr.path LIKE :topPath || '%%'
                 WHERE s.cache_id = ANY (%s)) s""".formatted(builds("SUMMARY", months, revised));
    }

    /**
     * The builds of the months, found in the reading statement itself (so that a build replaced meanwhile
     * is never half read), as an array the planner looks up in the cache's index.
     */
    private static String builds(String kind, List<YearMonth> months, String revised) {
        return "ARRAY(SELECT fc.id FROM indicator_cache fc WHERE fc.kind = '%s' AND fc.revised = %s AND (fc.year, fc.month) IN (%s))"
                .formatted(kind, revised, IndicatorCache.pairs(months));
    }

    /**
     * The query's month's facts, ready to read, as {@code FROM … f JOIN region r} (its subtree) for a
     * query bound with {@link #bind}.
     */
    String cachedFacts(IndicatorQuery q) {
        cache.ready(IndicatorCache.Kind.FACTS, List.of(YearMonth.of(q.year(), q.month())), q.revised());
        return FACTS;
    }

    void readySummary(List<YearMonth> months, boolean revised) {
        cache.ready(IndicatorCache.Kind.SUMMARY, months, revised);
    }

    /** The summary's rows, or the facts' rows of a batch, of several months, ready to read. */
    void ready(IndicatorQuery q, List<YearMonth> months) {
        cache.ready(q.batch() == null ? IndicatorCache.Kind.SUMMARY : IndicatorCache.Kind.FACTS, months, q.revised());
    }

    /**
     * The cuts from the summary: each stored cut from its own rows, ALL, REGION (by the child region of
     * the region asked) and SOURCE from the ALL rows; one branch per cut, so that each summary row is
     * read once for what it is.
     */
    private String summaryCuts(IndicatorQuery q, Collection<Dimension> dimensions) {
        List<YearMonth> month = List.of(YearMonth.of(q.year(), q.month()));
        ready(q, month);
        List<String> branches = new ArrayList<>();
        String stored = dimensions.stream().filter(d -> d != Dimension.ALL && IndicatorCache.STORED.contains(d))
                .map(d -> "'" + d.name() + "'").collect(Collectors.joining(", "));
        if (!stored.isEmpty()) {
            branches.add("SELECT s.dim, s.key, %s FROM s WHERE s.dim IN (%s) GROUP BY s.dim, s.key".formatted(summed(), stored));
        }
        if (dimensions.contains(Dimension.ALL)) {
            branches.add("SELECT 'ALL', '', %s FROM s WHERE s.dim = 'ALL' HAVING count(*) > 0".formatted(summed()));
        }
        if (dimensions.contains(Dimension.REGION)) {
            branches.add("SELECT 'REGION', %s, %s FROM s JOIN region r ON r.id = s.region_id WHERE s.dim = 'ALL' GROUP BY 2"
                    .formatted(Dimension.REGION.expression(), summed()));
        }
        if (dimensions.contains(Dimension.SOURCE)) {
            branches.add("SELECT 'SOURCE', s.source, %s FROM s WHERE s.dim = 'ALL' GROUP BY s.source".formatted(summed()));
        }
        if (branches.isEmpty()) {
            branches.add("SELECT s.dim, s.key, %s FROM s WHERE FALSE GROUP BY s.dim, s.key".formatted(summed()));
        }
        return LABELLED.formatted("""
                WITH s AS MATERIALIZED (SELECT * FROM %s WHERE s.list_level = :level)
                %s""".formatted(summaryOf(month, ":revised"), String.join("\nUNION ALL ", branches)));
    }

    /** The cuts of a batch's facts, row by row. */
    private String factCuts(IndicatorQuery q, Collection<Dimension> dimensions) {
        List<YearMonth> month = List.of(YearMonth.of(q.year(), q.month()));
        ready(q, month);
        String values = dimensions.stream()
                .map(d -> "('" + d.name() + "', " + d.expression() + ")")
                .collect(Collectors.joining(", "));
        return LABELLED.formatted("""
                SELECT d.dim, d.key, %s
                FROM %s
                JOIN region r ON r.id = f.region_id
                CROSS JOIN LATERAL (VALUES %s) d(dim, key)
                %s
                GROUP BY d.dim, d.key""".formatted(aggregates(), factsOf(month, ":revised"), values, filters(q)));
    }

    /** Cut figures (columns dim, key, m_…) with the labels of regions, industries and leaders. */
    private static final String LABELLED = """
            WITH agg (dim, key) AS (%s)
            SELECT agg.*, CASE agg.dim
                WHEN 'INDUSTRY' THEN (SELECT i.name FROM industry i WHERE i.id = CAST(nullif(agg.key, '') AS BIGINT))
                WHEN 'REGION' THEN (SELECT coalesce(g.short_name, g.name) FROM region g WHERE g.id = CAST(nullif(agg.key, '') AS BIGINT))
                WHEN 'LEADER' THEN (SELECT u.display_name FROM app_user u WHERE u.id = CAST(nullif(agg.key, '') AS BIGINT)) END AS label
            FROM agg ORDER BY agg.dim, agg.key
            """;

    /** The whole subtree's figures at each of the given months (those without facts are missing). */
    private List<Figures> wholes(IndicatorQuery q, List<YearMonth> months) {
        ready(q, months);
        String sql = q.batch() == null ? """
                SELECT s.period_year AS year, s.period_month AS month, %s
                FROM %s
                WHERE s.list_level = :level AND s.dim = 'ALL'
                GROUP BY s.period_year, s.period_month
                """.formatted(summed(), summaryOf(months, ":revised")) : """
                SELECT f.period_year AS year, f.period_month AS month, %s
                FROM %s
                JOIN region r ON r.id = f.region_id
                %s
                GROUP BY f.period_year, f.period_month
                """.formatted(aggregates(), factsOf(months, ":revised"), filters(q));
        return bind(jdbc.sql(sql), q).query((rs, i) -> figures(rs.getInt("year"), rs.getInt("month"), rs)).list();
    }

    private static String aggregates() {
        return java.util.Arrays.stream(Measure.values()).map(m -> m.aggregate() + " AS " + IndicatorCache.column(m))
                .collect(Collectors.joining(", "));
    }

    /** Every measure summed over summary rows {@code s}. */
    private static String summed() {
        return java.util.Arrays.stream(Measure.values())
                .map(m -> "coalesce(sum(s.%1$s), 0) AS %1$s".formatted(IndicatorCache.column(m)))
                .collect(Collectors.joining(", "));
    }

    private static final String FACTS = """
            FROM indicator_facts f
            JOIN region r ON r.id = f.region_id AND r.path LIKE :topPath || '%'
                 AND f.cache_id = (SELECT fc.id FROM indicator_cache fc
                                   WHERE fc.kind = 'FACTS' AND fc.year = :year AND fc.month = :month AND fc.revised = :revised)
            """;

    private static String filters(IndicatorQuery q) {
        String batch = q.batch() == null ? "" : """
                AND EXISTS (SELECT 1 FROM annual_list_entry le JOIN annual_list al ON al.id = le.list_id
                            WHERE le.id = f.list_entry_id AND al.batch = :batch)""";
        return "WHERE f.list_level = :level AND f.stage <> 'WITHDRAWN' " + batch + "\n";
    }

    /** Binds a query's parameters (:region, :year, :month, :revised, :level, :topPath, :batch) to a statement. */
    JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, IndicatorQuery q) {
        spec = spec.param("region", q.regionId()).param("year", q.year()).param("month", q.month())
                .param("revised", q.revised()).param("level", q.level().name())
                .param("topPath", regionOf(q.regionId()).path());
        return q.batch() == null ? spec : spec.param("batch", q.batch());
    }

    private static Figures figures(int year, int month, ResultSet rs) throws SQLException {
        Map<Measure, BigDecimal> values = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            values.put(m, rs.getBigDecimal(IndicatorCache.column(m)));
        }
        return new Figures(year, month, values);
    }
}
