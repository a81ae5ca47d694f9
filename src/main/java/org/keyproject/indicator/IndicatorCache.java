package org.keyproject.indicator;

import java.time.YearMonth;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps {@code month_facts} worked out per month (V24): kind FACTS holds the month's facts row by row for
 * the lists behind a figure, the furthest behind and the map; kind SUMMARY holds every {@link Measure}
 * summed per fact region, source, list level and cut, for the figures, the trend, the ranking and the
 * forecast. A build is an exact copy of month_facts as of the snapshot it was built in, and is current
 * while no change of its year and month committed outside that snapshot ({@code indicator_change}, kept
 * by triggers on everything month_facts reads). {@link #ready} builds whatever is missing or stale, each
 * in its own short transaction, before a query reads it.
 */
@Service
class IndicatorCache {

    private static final Logger log = LoggerFactory.getLogger(IndicatorCache.class);

    /** The advisory lock class of the cache: shared by builds, exclusive for pruning changes. */
    private static final int LOCK_CLASS = 0x1ca7e;

    enum Kind {
        FACTS, SUMMARY
    }

    /** The cuts a SUMMARY stores; REGION and SOURCE are read from the ALL rows. */
    static final List<Dimension> STORED = List.of(Dimension.ALL, Dimension.CATEGORY, Dimension.NATURE, Dimension.INDUSTRY,
            Dimension.TIER, Dimension.STAGE, Dimension.LEADER);

    private final JdbcClient jdbc;
    private final Regions regions;
    private final TransactionTemplate ownTransaction;

    IndicatorCache(JdbcClient jdbc, Regions regions, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Makes sure a current build of each month exists, building the missing and stale ones. */
    void ready(Kind kind, Collection<YearMonth> months, boolean revised) {
        Set<YearMonth> wanted = new LinkedHashSet<>(months);
        if (wanted.isEmpty()) {
            return;
        }
        Set<YearMonth> current = new HashSet<>(jdbc.sql("""
                SELECT c.year, c.month FROM indicator_cache c
                WHERE c.kind = :kind AND c.revised = :revised AND (c.year, c.month) IN (%s) AND %s
                """.formatted(pairs(wanted), CURRENT))
                .param("kind", kind.name()).param("revised", revised)
                .query((rs, i) -> YearMonth.of(rs.getInt(1), rs.getInt(2))).list());
        List<YearMonth> missing = wanted.stream().filter(m -> !current.contains(m)).toList();
        if (kind == Kind.SUMMARY && !missing.isEmpty()) {
            // a month whose facts are kept too (the open month of a cockpit) is summed from them, built first
            List<YearMonth> withFacts = jdbc.sql("SELECT c.year, c.month FROM indicator_cache c WHERE c.kind = 'FACTS'"
                            + " AND c.revised = :revised AND (c.year, c.month) IN (" + pairs(missing) + ")")
                    .param("revised", revised).query((rs, i) -> YearMonth.of(rs.getInt(1), rs.getInt(2))).list();
            ready(Kind.FACTS, withFacts, revised);
        }
        for (YearMonth month : missing) {
            build(kind, month, revised);
        }
    }

    /** The months of the given months as an SQL list of (year, month) pairs. */
    static String pairs(Collection<YearMonth> months) {
        return months.stream().map(m -> "(" + m.getYear() + ", " + m.getMonthValue() + ")")
                .collect(Collectors.joining(", "));
    }

    /**
     * A build (alias c) that saw every committed change of its year and month. Only changes from the
     * snapshot's xmin on can be missing from it, so the check reads those alone, however many older
     * changes are still kept.
     */
    private static final String CURRENT = """
            NOT EXISTS (SELECT 1 FROM indicator_change ch
                        WHERE ch.year = c.year AND ch.xid >= pg_snapshot_xmin(c.seen) AND ch.from_month <= c.month
                          AND NOT pg_visible_in_snapshot(ch.xid, c.seen))""";

    /**
     * Builds one month in its own transaction: under the month's own lock (so that two requests, or two
     * nodes, build it once) and the shared cache lock (see {@link #prune}); replaces the earlier build.
     */
    void build(Kind kind, YearMonth month, boolean revised) {
        long started = System.nanoTime();
        Boolean built = ownTransaction.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock_shared(:cls, 0)").param("cls", LOCK_CLASS).query().singleRow();
            lock(kind, month, revised);
            boolean fresh = jdbc.sql("""
                    SELECT count(*) FROM indicator_cache c
                    WHERE c.kind = :kind AND c.year = :year AND c.month = :month AND c.revised = :revised AND %s
                    """.formatted(CURRENT)).params(params(kind, month, revised)).query(Long.class).single() > 0;
            if (fresh) {
                return false; // built meanwhile by another request or node
            }
            String earlier = "SELECT id FROM indicator_cache WHERE kind = :kind AND year = :year AND month = :month AND revised = :revised";
            jdbc.sql("DELETE FROM " + (kind == Kind.FACTS ? "indicator_facts" : "indicator_summary") + " WHERE cache_id IN (" + earlier + ")")
                    .params(params(kind, month, revised)).update();
            jdbc.sql("DELETE FROM indicator_cache WHERE id IN (" + earlier + ")").params(params(kind, month, revised)).update();
            if (kind == Kind.SUMMARY) {
                // current facts of the month, held still by their lock: summed, they are the summary as of their snapshot
                lock(Kind.FACTS, month, revised);
                Long facts = jdbc.sql("SELECT c.id FROM indicator_cache c WHERE c.kind = 'FACTS' AND c.year = :year"
                                + " AND c.month = :month AND c.revised = :revised AND " + CURRENT)
                        .params(params(kind, month, revised)).query(Long.class).optional().orElse(null);
                if (facts != null) {
                    analyzeWhenOutgrown("indicator_summary",
                            jdbc.sql(summaryBuild(true)).params(params(kind, month, revised)).param("facts", facts).update());
                    return true;
                }
            }
            // one statement, so that the snapshot recorded is the one the rows were read in
            int inserted = jdbc.sql(kind == Kind.FACTS ? FACTS_BUILD : summaryBuild(false)).params(params(kind, month, revised))
                    .param("root", root()).update();
            analyzeWhenOutgrown(kind == Kind.FACTS ? "indicator_facts" : "indicator_summary", inserted);
            return true;
        });
        if (Boolean.TRUE.equals(built)) {
            log.debug("Built the indicator {} of {} (revised {}) in {} ms", kind, month, revised, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * Gives the planner statistics of a cache table that a build has just outgrown (its first build above
     * all): planned from the statistics of an empty table, a month's tens of thousands of rows were read
     * about ten times slower until autovacuum came by, a minute or more later.
     */
    private void analyzeWhenOutgrown(String table, int inserted) {
        double known = jdbc.sql("SELECT reltuples FROM pg_class WHERE relname = :t AND relkind = 'r'")
                .param("t", table).query(Double.class).optional().orElse(0d);
        if (inserted > Math.max(known, 0)) {
            jdbc.sql("ANALYZE " + table).update();
        }
    }

    /** The month's own lock, held to the end of the transaction. */
    private void lock(Kind kind, YearMonth month, boolean revised) {
        jdbc.sql("SELECT pg_advisory_xact_lock(:cls, :key)").param("cls", LOCK_CLASS)
                .param("key", (kind.ordinal() * 2 + (revised ? 1 : 0)) * 1_000_000 + month.getYear() * 100 + month.getMonthValue())
                .query().singleRow();
    }

    private long root() {
        return regions.root().map(Region::id).orElseThrow(() -> new IllegalStateException("no region tree yet"));
    }

    private static java.util.Map<String, Object> params(Kind kind, YearMonth month, boolean revised) {
        return java.util.Map.of("kind", kind.name(), "year", month.getYear(), "month", month.getMonthValue(), "revised", revised);
    }

    private static final String NEW_BUILD = """
            WITH c AS (INSERT INTO indicator_cache (kind, year, month, revised, seen)
                       VALUES (:kind, :year, :month, :revised, pg_current_snapshot()) RETURNING id)
            """;

    private static final String FACTS_BUILD = NEW_BUILD + """
            INSERT INTO indicator_facts
            SELECT c.id, f.*, p.code, p.name, p.longitude, p.latitude,
                   CASE WHEN f.planned_investment > 0 THEN f.ytd_amount / f.planned_investment END
            FROM c CROSS JOIN month_facts(:root, :year, :month, :revised, NULL) f JOIN project p ON p.id = f.project_id
            """;

    /**
     * The summary of a month: summed from month_facts, or from a current FACTS build (:facts) of the month,
     * taking over its snapshot, since its rows are month_facts as of that snapshot.
     */
    private static String summaryBuild(boolean fromFacts) {
        String values = STORED.stream().map(d -> "('" + d.name() + "', " + d.expression() + ")")
                .collect(Collectors.joining(", "));
        StringBuilder columns = new StringBuilder();
        StringBuilder aggregates = new StringBuilder();
        for (Measure m : Measure.values()) {
            columns.append(", ").append(column(m));
            aggregates.append(", ").append(m.aggregate());
        }
        String build = fromFacts ? """
                WITH c AS (INSERT INTO indicator_cache (kind, year, month, revised, seen)
                           SELECT :kind, :year, :month, :revised, fc.seen FROM indicator_cache fc WHERE fc.id = :facts RETURNING id)
                """ : NEW_BUILD;
        String facts = fromFacts ? "indicator_facts f ON f.cache_id = :facts" : "month_facts(:root, :year, :month, :revised, NULL) f ON TRUE";
        return build + """
                INSERT INTO indicator_summary (cache_id, list_level, region_id, source, dim, key%s)
                SELECT c.id, f.list_level, f.region_id, f.source, d.dim, d.key%s
                FROM c JOIN %s
                CROSS JOIN LATERAL (VALUES %s) d(dim, key)
                WHERE f.stage <> 'WITHDRAWN'
                GROUP BY c.id, f.list_level, f.region_id, f.source, d.dim, d.key
                """.formatted(columns, aggregates, facts, values);
    }

    /** The column of a measure in indicator_summary, and its name in a query's result. */
    static String column(Measure m) {
        return "m_" + m.name().toLowerCase();
    }

    /**
     * Deletes the changes every build has seen, so that checking a build stays a short look. Under the
     * exclusive cache lock: no build is between taking its snapshot and committing, so a change deleted
     * here is visible to every build made afterwards.
     */
    int prune() {
        Integer deleted = ownTransaction.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(:cls, 0)").param("cls", LOCK_CLASS).query().singleRow();
            return jdbc.sql("""
                    DELETE FROM indicator_change ch
                    WHERE NOT EXISTS (SELECT 1 FROM indicator_cache c
                                      WHERE c.year = ch.year AND c.month >= ch.from_month
                                        AND NOT pg_visible_in_snapshot(ch.xid, c.seen))
                    """).update();
        });
        return deleted == null ? 0 : deleted;
    }

    /** The builds no longer current, of the given year and after, to build again ahead of their readers. */
    record Stale(Kind kind, YearMonth month, boolean revised) {
    }

    /**
     * Builds again, ahead of their readers, the stale builds of this year and the last (the cockpits people
     * look at during the day), and forgets the changes every build has seen. Every minute by default, on
     * one node at a time.
     */
    @Scheduled(fixedDelayString = "${keyproject.indicators.cache-refresh:PT1M}", initialDelayString = "${keyproject.indicators.cache-refresh:PT1M}")
    @SchedulerLock(name = "indicator-cache-refresh", lockAtMostFor = "PT30M")
    void refresh() {
        if (regions.root().isEmpty()) {
            return;
        }
        int year = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).getYear();
        for (Stale s : stale(year - 1)) {
            build(s.kind(), s.month(), s.revised());
        }
        prune();
    }

    List<Stale> stale(int fromYear) {
        return jdbc.sql("SELECT c.kind, c.year, c.month, c.revised FROM indicator_cache c WHERE c.year >= :year AND NOT ("
                        + CURRENT + ") ORDER BY c.kind = 'SUMMARY', c.year DESC, c.month DESC") // facts first: summaries are summed from them
                .param("year", fromYear)
                .query((rs, i) -> new Stale(Kind.valueOf(rs.getString(1)), YearMonth.of(rs.getInt(2), rs.getInt(3)), rs.getBoolean(4)))
                .list();
    }
}
