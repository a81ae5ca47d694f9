package org.keyproject.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.keyproject.demo.DataGenerator;
import org.keyproject.demo.GeneratedData;
import org.keyproject.demo.GeneratorSpec;
import org.keyproject.people.ApiTokens;
import org.keyproject.people.CurrentUser;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * The whole province's cockpit at volume: the generator's five years of lists, monthly reports and
 * closed periods ({@code -Dbench.projects}, default 50,000 projects), then the indicators with their
 * breakdowns, 同比 and 环比, the forecast and the ranking, asked over HTTP as a client would, for the
 * last closed month (from the frozen snapshots) and the open month (from the live reports). Beside
 * each, in the same run, the bare SQL doing the same aggregations over the same tables by JDBC.
 * Prints a Markdown table for docs/benchmarks.md.
 *
 * <p>Run: {@code ./mvnw -o -Pbench -DskipTests test-compile exec:java
 * -Dbench.main=org.keyproject.bench.CockpitBenchmark} (-Dbench.projects=50000 -Dbench.runs=30).
 */
public final class CockpitBenchmark {

    private static final int YEAR = 2026;

    private CockpitBenchmark() {
    }

    record Timing(double median, double p95) {
    }

    interface Work {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int projects = Integer.getInteger("bench.projects", 50_000);
        int runs = Integer.getInteger("bench.runs", 30);
        try (ConfigurableApplicationContext context = LedgerImportBenchmark.start()) {
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            long started = System.nanoTime();
            GeneratedData data = context.getBean(DataGenerator.class).generate(new GeneratorSpec(7, projects, 12, YEAR));
            double generated = LedgerImportBenchmark.seconds(started);
            jdbc.execute("VACUUM ANALYZE");
            long root = data.rootRegionId();
            String rootPath = jdbc.queryForObject("SELECT path FROM region WHERE id = ?", String.class, root);
            System.out.printf(Locale.ROOT, "Generated %,d projects in %.0f s: %,d list entries, %,d reports, %,d snapshot rows%n",
                    data.projects(), generated,
                    jdbc.queryForObject("SELECT count(*) FROM annual_list_entry", Long.class),
                    jdbc.queryForObject("SELECT count(*) FROM progress_report", Long.class),
                    jdbc.queryForObject("SELECT count(*) FROM period_snapshot", Long.class));
            int openMonth = jdbc.queryForObject("""
                    SELECT coalesce(max(extract(MONTH FROM starts_on))::INT, 6) FROM report_period
                    WHERE year = ? AND cadence = 'MONTHLY'""", Integer.class, YEAR);
            int closedMonth = jdbc.queryForObject("""
                    SELECT coalesce(max(extract(MONTH FROM starts_on))::INT, 5) FROM report_period
                    WHERE year = ? AND cadence = 'MONTHLY' AND state = 'CLOSED'""", Integer.class, YEAR);

            CurrentUser admin = (CurrentUser) context.getBean(UserDetailsService.class).loadUserByUsername("admin");
            String token = context.getBean(ApiTokens.class).issue(admin, "cockpit benchmark", 1).token();
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newHttpClient();
            HttpClient browser = signedIn(port);

            List<String> rows = new ArrayList<>();
            try (Connection connection = context.getBean(DataSource.class).getConnection()) {
                for (int month : List.of(closedMonth, openMonth)) {
                    String query = "regionId=%d&year=%d&period=%d-%02d&listLevel=CITY".formatted(root, YEAR, YEAR, month);
                    Work indicators = () -> get(http, port, token, "/api/v1/indicators?" + query);
                    Work forecast = () -> get(http, port, token, "/api/v1/forecast?" + query);
                    Work ranking = () -> get(http, port, token, "/api/v1/rankings?figure=completionRate&" + query);
                    Work cockpit = () -> {
                        indicators.run();
                        forecast.run();
                        ranking.run();
                    };
                    Work page = () -> page(browser, port, "/cockpit?" + query);
                    Bare bare = new Bare(connection, rootPath, YEAR, month, month == closedMonth);
                    Summary summary = new Summary(connection, rootPath, YEAR, month);
                    Work bareIndicators = bare::indicators;
                    Work bareForecast = bare::seasonality;
                    Work bareCockpit = () -> {
                        bare.indicators();
                        bare.seasonality();
                        bare.ranking();
                    };
                    String source = month == closedMonth ? "closed month (snapshots)" : "open month (live reports)";
                    rows.add(row(source, "indicators + 同比 + 环比 + breakdowns", time(indicators, runs), time(summary::indicators, runs),
                            time(bare::indicators, runs)));
                    rows.add(row(source, "forecast", time(forecast, runs), time(summary::seasonality, runs), time(bare::seasonality, runs)));
                    rows.add(row(source, "whole cockpit (indicators, forecast, ranking)", time(cockpit, runs), time(() -> {
                        summary.indicators();
                        summary.seasonality();
                        summary.ranking();
                    }, runs), time(() -> {
                        bare.indicators();
                        bare.seasonality();
                        bare.ranking();
                    }, runs)));
                    rows.add(row(source, "the cockpit page /cockpit (HTML: all of the above, trend, map)", time(page, runs), time(() -> {
                        summary.indicators();
                        summary.seasonality();
                        summary.ranking();
                        summary.trend();
                        summary.projects();
                    }, runs), time(() -> {
                        bare.indicators();
                        bare.seasonality();
                        bare.ranking();
                        bare.trend();
                    }, runs)));
                    if (month == openMonth) {
                        // the first reading after a report changed: the month's caches are built again
                        long report = jdbc.queryForObject("""
                                SELECT o.id FROM progress_report o JOIN report_period rp ON rp.id = o.period_id
                                WHERE rp.year = ? AND rp.starts_on = make_date(?, ?, 1) AND o.state <> 'DRAFT' LIMIT 1""",
                                Long.class, YEAR, YEAR, month);
                        Work changed = () -> {
                            jdbc.update("UPDATE progress_report SET ytd_amount = ytd_amount WHERE id = ?", report);
                            page.run();
                        };
                        rows.add(row(source, "the page right after a report changed (the month built again)", time(changed, 5),
                                time(summary::indicators, 5), time(() -> {
                                    bare.indicators();
                                    bare.seasonality();
                                    bare.ranking();
                                    bare.trend();
                                }, 5)));
                    }
                }
            }
            System.out.println();
            System.out.println("| month | what | app median ms | app p95 ms | bare SQL on the caches median ms | p95 ms "
                    + "| app ÷ bare on the caches (median) | bare SQL on the base tables median ms | p95 ms |");
            System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            rows.forEach(System.out::println);
        }
    }

    private static String row(String month, String what, Timing app, Timing cached, Timing bare) {
        return String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.1f | %.1f |", month, what, app.median(),
                app.p95(), cached.median(), cached.p95(), app.median() / cached.median(), bare.median(), bare.p95());
    }

    /** A browser's session: the login form with its CSRF token, then the session cookie. */
    private static HttpClient signedIn(int port) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        String form = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on the login page");
        }
        String body = "username=admin&password=bench-admin-password-1&_csrf=" + csrf.group(1);
        browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        return browser;
    }

    private static void page(HttpClient browser, int port, String path) throws Exception {
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("cockpit")) {
            throw new IllegalStateException(path + " answered " + response.statusCode());
        }
    }

    private static void get(HttpClient http, int port, String token, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static Timing time(Work work, int runs) throws Exception {
        for (int i = 0; i < 3; i++) {
            work.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new Timing(ms[runs / 2], ms[Math.min(runs - 1, (int) Math.ceil(0.95 * runs) - 1)]);
    }

    /**
     * The same aggregations written by hand over the rows the application reads: the month's summary
     * rows (indicator_summary) and facts (indicator_facts), as built by the application before timing.
     */
    static final class Summary {
        private static final String SUMS = """
                sum(s.m_listed), sum(s.m_listed_split), sum(s.m_packages), sum(s.m_new), sum(s.m_continuing), sum(s.m_started),
                sum(s.m_started_new), sum(s.m_resumed), sum(s.m_not_started), sum(s.m_above_one_yi), sum(s.m_above_five_yi),
                sum(s.m_industrial_above_five_yi), sum(s.m_planned_starts), sum(s.m_planned_starts_due), sum(s.m_planned_started),
                sum(s.m_started_ahead), sum(s.m_not_started_as_planned), sum(s.m_behind_time_progress), sum(s.m_total_investment),
                sum(s.m_planned_investment), sum(s.m_completed), sum(s.m_period_completed)
                """;
        private final Connection connection;
        private final String path;
        private final int year;
        private final int month;

        Summary(Connection connection, String path, int year, int month) {
            this.connection = connection;
            this.path = path;
            this.year = year;
            this.month = month;
        }

        private String rows(String months) {
            return """
                    indicator_cache c JOIN indicator_summary s ON s.cache_id = c.id JOIN region r ON r.id = s.region_id
                    WHERE c.kind = 'SUMMARY' AND NOT c.revised AND (c.year, c.month) IN (%s) AND s.list_level = 'CITY'
                      AND r.path LIKE '%s%%'""".formatted(months, path);
        }

        void indicators() throws SQLException {
            String[] from = rows("(%d, %d)".formatted(year, month)).split("WHERE", 2);
            Bare.run(connection, """
                    SELECT x.dim, x.key, %s FROM %s
                    CROSS JOIN LATERAL (VALUES (s.dim, s.key), ('REGION', split_part(substr(r.path, length('%s') + 1), '/', 1)),
                        ('SOURCE', s.source)) x(dim, key)
                    WHERE %s AND (x.dim = s.dim OR s.dim = 'ALL') GROUP BY x.dim, x.key
                    """.formatted(SUMS, from[0], path, from[1]));
            Bare.run(connection, "SELECT c.year, c.month, %s FROM %s AND s.dim = 'ALL' GROUP BY 1, 2".formatted(SUMS,
                    rows("(%d, %d), (%d, %d)".formatted(year - 1, month, year, Math.max(1, month - 1)))));
        }

        void trend() throws SQLException {
            StringBuilder months = new StringBuilder();
            for (int m = 1; m <= month; m++) {
                months.append(m == 1 ? "" : ", ").append("(").append(year).append(", ").append(m).append(")");
            }
            Bare.run(connection, "SELECT c.month, %s FROM %s AND s.dim = 'ALL' GROUP BY 1".formatted(SUMS, rows(months.toString())));
        }

        void ranking() throws SQLException {
            Bare.run(connection, """
                    SELECT c.month, split_part(substr(r.path, length('%s') + 1), '/', 1), sum(s.m_completed) / nullif(sum(s.m_planned_investment), 0)
                    FROM %s AND s.dim = 'ALL' GROUP BY 1, 2""".formatted(path, rows("(%d, %d), (%d, %d)".formatted(year, month, year,
                    Math.max(1, month - 1)))));
        }

        void seasonality() throws SQLException {
            StringBuilder months = new StringBuilder();
            for (int y = year - 4; y < year; y++) {
                months.append(y == year - 4 ? "" : ", ").append("(%d, %d), (%d, 12)".formatted(y, month, y));
            }
            Bare.run(connection, """
                    SELECT c.year, split_part(substr(r.path, length('%s') + 1), '/', 1), sum(s.m_completed) FILTER (WHERE c.month = %d),
                           sum(s.m_completed) FILTER (WHERE c.month = 12)
                    FROM %s AND s.dim = 'ALL' GROUP BY 1, 2""".formatted(path, month, rows(months.toString())));
            Bare.run(connection, "SELECT %s FROM %s AND s.dim = 'ALL'".formatted(SUMS, rows("(%d, %d)".formatted(year, month))));
        }

        /** The page's projects: the ten furthest behind and the map's thousand largest, from the month's facts. */
        void projects() throws SQLException {
            String facts = """
                    indicator_facts f JOIN region r ON r.id = f.region_id
                    WHERE f.cache_id = (SELECT c.id FROM indicator_cache c
                                        WHERE c.kind = 'FACTS' AND NOT c.revised AND c.year = %d AND c.month = %d)
                      AND f.list_level = 'CITY' AND f.stage <> 'WITHDRAWN' AND r.path LIKE '%s%%'""".formatted(year, month, path);
            Bare.run(connection, """
                    SELECT f.*, r.name FROM %s AND f.planned_investment > 0 AND f.ytd_amount * 12 < f.planned_investment * %d
                    ORDER BY f.completion, f.planned_investment DESC, f.code LIMIT 10""".formatted(facts, month));
            Bare.run(connection, """
                    SELECT f.project_id, f.name, f.longitude, f.latitude, f.stage FROM %s AND f.longitude IS NOT NULL
                    ORDER BY f.total_investment DESC, f.code LIMIT 1001""".formatted(facts));
        }
    }

    /**
     * The same aggregations written by hand against the tables: the month's facts as a plain join
     * (snapshot rows of the closed month, or list entries with the month's report and the last earlier
     * one), summed per cut; the month a year before and the month before as wholes; the shares of
     * earlier years for the forecast.
     */
    static final class Bare {
        private final Connection connection;
        private final String path;
        private final int year;
        private final int month;
        private final boolean closed;

        Bare(Connection connection, String path, int year, int month, boolean closed) {
            this.connection = connection;
            this.path = path;
            this.year = year;
            this.month = month;
            this.closed = closed;
        }

        private static final String AGGREGATES = """
                count(*), count(*) FILTER (WHERE f.nature = 'NEW'), count(*) FILTER (WHERE f.nature = 'CONTINUING'),
                count(*) FILTER (WHERE f.started_this_year), count(*) FILTER (WHERE f.started_this_year AND f.nature = 'NEW'),
                count(*) FILTER (WHERE f.started_this_year AND f.nature = 'CONTINUING'),
                count(*) FILTER (WHERE f.total_investment >= 10000), count(*) FILTER (WHERE f.target = 'START'),
                count(*) FILTER (WHERE f.target = 'START' AND f.started_this_year),
                sum(f.total_investment), sum(f.planned_investment), sum(f.ytd_amount), sum(f.period_amount)
                """;

        /** Snapshot rows of a closed month, as first published. */
        private static final String SNAPSHOT = """
                SELECT s.* FROM period_snapshot s JOIN report_period rp ON rp.id = s.period_id
                WHERE rp.cadence = 'MONTHLY' AND rp.state = 'CLOSED' AND rp.year = %1$d
                  AND rp.starts_on = make_date(%1$d, %2$d, 1) AND s.revision = 0 AND s.list_level = 'CITY'
                """;

        /** The live facts of an open month: the month's report, else the last earlier one of the year. */
        private static final String LIVE = """
                SELECT e.project_id, p.region_id, p.nature, p.category, p.total_investment, p.industry_id, p.stage,
                       e.planned_investment, e.target, coalesce(rep.started_this_year, FALSE) AS started_this_year,
                       coalesce(rep.period_amount, 0) AS period_amount,
                       coalesce(rep.ytd_amount, (SELECT o.ytd_amount FROM progress_report o JOIN report_period op ON op.id = o.period_id
                                                 WHERE o.project_id = e.project_id AND op.year = %1$d AND op.cadence = 'MONTHLY'
                                                   AND op.starts_on < make_date(%1$d, %2$d, 1) AND o.state <> 'DRAFT'
                                                 ORDER BY op.starts_on DESC LIMIT 1), 0) AS ytd_amount
                FROM annual_list_entry e JOIN project p ON p.id = e.project_id
                LEFT JOIN (SELECT o.* FROM progress_report o JOIN report_period op ON op.id = o.period_id
                           WHERE op.cadence = 'MONTHLY' AND op.starts_on = make_date(%1$d, %2$d, 1)
                             AND o.state IN ('SUBMITTED', 'COUNTY_REVIEWED', 'CITY_CONFIRMED')) rep ON rep.project_id = e.project_id
                WHERE e.year = %1$d AND e.level = 'CITY'
                """;

        private String facts(int y, int m) {
            return (closed || y != year || m != month ? SNAPSHOT : LIVE).formatted(y, m);
        }

        void indicators() throws SQLException {
            run("""
                    SELECT d.dim, d.key, %s FROM (%s) f JOIN region r ON r.id = f.region_id
                    CROSS JOIN LATERAL (VALUES ('ALL', ''), ('REGION', split_part(substr(r.path, length('%s') + 1), '/', 1)),
                        ('CATEGORY', f.category), ('NATURE', f.nature), ('INDUSTRY', coalesce(f.industry_id::text, '')),
                        ('TIER', CASE WHEN f.total_investment >= 50000 THEN 'CITY' WHEN f.total_investment >= 10000 THEN 'COUNTY' ELSE 'DEPT' END),
                        ('STAGE', f.stage)) d(dim, key)
                    WHERE r.path LIKE '%s%%' AND f.stage <> 'WITHDRAWN'
                    GROUP BY d.dim, d.key
                    """.formatted(AGGREGATES, facts(year, month), path, path));
            whole(year - 1, month);
            if (month > 1) {
                whole(year, month - 1);
            }
        }

        /** Each month's wholes from January to the month, one statement per month. */
        void trend() throws SQLException {
            for (int m = 1; m <= month; m++) {
                whole(year, m);
            }
        }

        void ranking() throws SQLException {
            run("""
                    SELECT split_part(substr(r.path, length('%s') + 1), '/', 1), sum(f.ytd_amount) / nullif(sum(f.planned_investment), 0)
                    FROM (%s) f JOIN region r ON r.id = f.region_id WHERE r.path LIKE '%s%%' GROUP BY 1
                    """.formatted(path, facts(year, month), path));
            if (month > 1) {
                run("""
                        SELECT split_part(substr(r.path, length('%s') + 1), '/', 1), sum(f.ytd_amount) / nullif(sum(f.planned_investment), 0)
                        FROM (%s) f JOIN region r ON r.id = f.region_id WHERE r.path LIKE '%s%%' GROUP BY 1
                        """.formatted(path, facts(year, month - 1), path));
            }
        }

        /** Completed by the month and by December of each of the four years before, per child region. */
        void seasonality() throws SQLException {
            run("""
                    SELECT rp.year, split_part(substr(r.path, length('%1$s') + 1), '/', 1),
                           sum(s.ytd_amount) FILTER (WHERE rp.starts_on = make_date(rp.year, %2$d, 1)),
                           sum(s.ytd_amount) FILTER (WHERE rp.starts_on = make_date(rp.year, 12, 1))
                    FROM period_snapshot s JOIN report_period rp ON rp.id = s.period_id JOIN region r ON r.id = s.region_id
                    WHERE rp.cadence = 'MONTHLY' AND rp.state = 'CLOSED' AND rp.year BETWEEN %3$d - 4 AND %3$d - 1
                      AND rp.starts_on IN (make_date(rp.year, %2$d, 1), make_date(rp.year, 12, 1))
                      AND s.revision = 0 AND s.list_level = 'CITY' AND r.path LIKE '%1$s%%' AND s.stage <> 'WITHDRAWN'
                    GROUP BY 1, 2
                    """.formatted(path, month, year));
            whole(year, month);
        }

        private void whole(int y, int m) throws SQLException {
            run("SELECT %s FROM (%s) f JOIN region r ON r.id = f.region_id WHERE r.path LIKE '%s%%' AND f.stage <> 'WITHDRAWN'"
                    .formatted(AGGREGATES, facts(y, m), path));
        }

        private void run(String sql) throws SQLException {
            run(connection, sql);
        }

        static void run(Connection connection, String sql) throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }
    }
}
