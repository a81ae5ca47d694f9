package org.keyproject.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.keyproject.demo.DataGenerator;
import org.keyproject.demo.GeneratedData;
import org.keyproject.demo.GeneratorSpec;
import org.keyproject.people.ApiTokens;
import org.keyproject.people.CurrentUser;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Progress reports submitted one by one, as reporters do, at province scale: generated projects
 * ({@link DataGenerator}, {@value #DEFAULT_PROJECTS} by default) on the year's lists, one monthly
 * period at the root covering them all; the reports are of projects under construction (so that no
 * check asks for an explanation). Each report is two API calls over HTTP, as a client makes
 * them (PUT the report, POST its submit), from a few threads at once, each thread with an API token of
 * its own. Beside it, in the same run and database, the same number of bare single-row INSERTs of
 * submitted progress_report rows (each its own transaction, from the same number of threads). Prints
 * reports per second and the latency of one report (both calls) at p50 and p95.
 *
 * <p>Run: {@code ./mvnw -Pbench -DskipTests test-compile exec:java
 * -Dbench.main=org.keyproject.bench.ReportSubmitBenchmark}. Options (system properties):
 * -Dbench.projects=100000 -Dbench.reports=2000 -Dbench.threads=4 -Dbench.warmup=200
 */
public final class ReportSubmitBenchmark {

    static final int DEFAULT_PROJECTS = 100_000;
    private static final int YEAR = 2026;

    private ReportSubmitBenchmark() {
    }

    /** One way of writing a report, timed per report. */
    private interface Submission {
        void submit(int thread, long projectId, int i) throws Exception;
    }

    private record Timing(double seconds, double[] millis) {

        double perSecond() {
            return millis.length / seconds;
        }

        double percentile(double p) {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
        }
    }

    public static void main(String[] args) throws Exception {
        int projects = Integer.getInteger("bench.projects", DEFAULT_PROJECTS);
        int reports = Integer.getInteger("bench.reports", 2_000);
        int threads = Integer.getInteger("bench.threads", 4);
        int warmup = Integer.getInteger("bench.warmup", 200);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        Path dataDir = Path.of("target", "bench-pg", UUID.randomUUID().toString()).toAbsolutePath();
        // the server the application starts for itself, plus pg_stat_statements to see where the time goes
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true)
                .setServerConfig("timezone", "Asia/Shanghai").setServerConfig("max_connections", "100")
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("shared_preload_libraries", "pg_stat_statements").start();
             ConfigurableApplicationContext context = LedgerImportBenchmark.start(
                     "--keyproject.db.url=jdbc:postgresql://localhost:" + pg.getPort() + "/postgres",
                     "--keyproject.db.username=postgres", "--keyproject.db.password=postgres")) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            DataSource dataSource = context.getBean(DataSource.class);
            long started = System.nanoTime();
            GeneratedData data = context.getBean(DataGenerator.class).generate(new GeneratorSpec(7, projects, 12, YEAR));
            double generation = LedgerImportBenchmark.seconds(started);
            jdbc.sql("VACUUM ANALYZE").update();
            System.out.printf(Locale.ROOT, "Generated %,d projects in %.1f s%n", data.projects(), generation);

            CurrentUser admin = (CurrentUser) context.getBean(UserDetailsService.class).loadUserByUsername("admin");
            ApiTokens tokens = context.getBean(ApiTokens.class);
            List<String> bearer = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                bearer.add(tokens.issue(admin, "bench " + t, 1).token());
            }
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newHttpClient();
            String api = "http://localhost:" + port + "/api/v1/periods";

            long period = Long.parseLong(call(http, bearer.get(0), HttpRequest.newBuilder(URI.create(api))
                    .POST(json("{\"year\": %d, \"cadence\": \"MONTHLY\", \"month\": 10}".formatted(YEAR))), 201)
                    .replaceAll("(?s).*?\"id\":(\\d+).*", "$1"));
            List<Long> listed = jdbc.sql("""
                    SELECT DISTINCT e.project_id FROM annual_list_entry e JOIN project p ON p.id = e.project_id
                    WHERE e.year = ? AND p.stage = 'CONSTRUCTION' ORDER BY e.project_id LIMIT ?
                    """).params(YEAR, warmup + reports).query(Long.class).list();
            if (listed.size() < warmup + reports) {
                throw new IllegalStateException("only " + listed.size() + " listed projects");
            }
            long covered = jdbc.sql("SELECT count(DISTINCT project_id) FROM annual_list_entry WHERE year = ?")
                    .param(YEAR).query(Long.class).single();

            Submission throughApi = (thread, projectId, i) -> {
                String report = api + "/" + period + "/reports/" + projectId;
                call(http, bearer.get(thread), HttpRequest.newBuilder(URI.create(report)).PUT(json("""
                        {"periodAmount": %d, "imageProgress": "主体施工%d层", "problemsText": "无"}
                        """.formatted(i % 97 + 1, i % 10))), 200);
                call(http, bearer.get(thread), HttpRequest.newBuilder(URI.create(report + "/submit")).POST(json("{}")), 200);
            };
            // warm-up, not measured: class loading, the JIT, the pool
            run(threads, listed.subList(0, warmup), throughApi);
            jdbc.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").update();
            jdbc.sql("SELECT pg_stat_statements_reset()").query(Object.class).single();
            long cpuBefore = processCpuNanos();
            Timing app = run(threads, listed.subList(warmup, warmup + reports), throughApi);
            double cpuPerReport = (processCpuNanos() - cpuBefore) / 1e6 / reports;
            List<String> statements = jdbc.sql("""
                    SELECT format('| %s | %s | %s | %s |', to_char(calls::numeric / :reports, 'FM990.0'),
                                  to_char(total_exec_time / :reports, 'FM990.00'), to_char(mean_exec_time, 'FM990.000'),
                                  replace(left(regexp_replace(query, '\\s+', ' ', 'g'), 110), '|', '/'))
                    FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'
                    ORDER BY total_exec_time DESC LIMIT 12
                    """).param("reports", reports).query(String.class).list();
            String perReport = jdbc.sql("""
                    SELECT format('%s statements and %s ms of execution in the database per report',
                                  to_char(sum(calls)::numeric / :reports, 'FM990.0'), to_char(sum(total_exec_time) / :reports, 'FM990.00'))
                    FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'
                    """).param("reports", reports).query(String.class).single();
            long submitted = jdbc.sql("SELECT count(*) FROM progress_report WHERE period_id = ? AND state = 'SUBMITTED'")
                    .param(period).query(Long.class).single();
            if (submitted != warmup + reports) {
                throw new IllegalStateException("expected " + (warmup + reports) + " submitted reports, found " + submitted);
            }

            long bareId = jdbc.sql("""
                    INSERT INTO report_period (region_id, year, cadence, starts_on, ends_on, due_on, opened_by)
                    SELECT region_id, year, cadence, DATE '2026-11-01', DATE '2026-11-30', DATE '2026-12-07', opened_by
                    FROM report_period WHERE id = ? RETURNING id
                    """).param(period).query(Long.class).single();
            Timing bare = run(threads, listed.subList(warmup, warmup + reports), (thread, projectId, i) ->
                    bareInsert(dataSource, bareId, projectId, admin.id(), i));

            String machine = "%d cores, Java %s, load average before the run %s".formatted(
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadBefore);
            System.out.printf(Locale.ROOT, "%n## Report submission, %,d reports one by one, %d threads (%s)%n%n", reports,
                    threads, LocalDate.now());
            System.out.printf(Locale.ROOT, "- %s; %,d generated projects, %,d on the %d lists, all covered by one monthly period%n%n",
                    machine, data.projects(), covered, YEAR);
            System.out.println("| way | seconds | reports/s | p50 ms | p95 ms |");
            System.out.println("| --- | ---: | ---: | ---: | ---: |");
            line("through the API: PUT the report, POST submit (checks, derived totals, audit)", app);
            line("bare single-row INSERT of a submitted progress_report, autocommit", bare);
            System.out.printf(Locale.ROOT, "%nThe API submits at %.1f%% of the bare insert's rate.%n",
                    100 * app.perSecond() / bare.perSecond());
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf(Locale.ROOT, "%nThrough the API: %.1f ms of CPU per report in this JVM (the application and the"
                    + " HTTP client), of the %.1f ms that %d cores offer per report at this rate. In PostgreSQL"
                    + " (pg_stat_statements): %s. The costliest statements:%n%n",
                    cpuPerReport, cores * 1000.0 / app.perSecond(), cores, perReport);
            System.out.println("| calls per report | ms per report | ms per call | statement |");
            System.out.println("| ---: | ---: | ---: | --- |");
            statements.forEach(System.out::println);
        }
    }

    /** CPU time of this whole JVM so far. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void line(String way, Timing t) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %,.0f | %.1f | %.1f |%n", way, t.seconds(), t.perSecond(),
                t.percentile(0.50), t.percentile(0.95));
    }

    /** Each project once, shared out over the threads in turn; the latency of each report and the wall time of all. */
    private static Timing run(int threads, List<Long> projectIds, Submission submission) throws Exception {
        double[] millis = new double[projectIds.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < projectIds.size(); i = next.getAndIncrement()) {
                        long begun = System.nanoTime();
                        submission.submit(thread, projectIds.get(i), i);
                        millis[i] = (System.nanoTime() - begun) / 1e6;
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Timing(LedgerImportBenchmark.seconds(started), millis);
    }

    private static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }

    private static String call(HttpClient http, String token, HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("the API answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(1_000, response.body().length())));
        }
        return response.body();
    }

    /** What a report amounts to in the table, written straight: the floor. */
    private static void bareInsert(DataSource dataSource, long period, long projectId, long by, int i) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO progress_report (period_id, project_id, region_id, state, period_amount, ytd_amount,
                         since_start_amount, started_this_year, image_progress, problems_text, submitted_by, submitted_at)
                     SELECT ?, p.id, p.region_id, 'SUBMITTED', ?, ?, ?, FALSE, ?, '无', ?, now() FROM project p WHERE p.id = ?
                     """)) {
            insert.setLong(1, period);
            insert.setInt(2, i % 97 + 1);
            insert.setInt(3, i % 97 + 1);
            insert.setInt(4, i % 97 + 1);
            insert.setString(5, "主体施工" + (i % 10) + "层");
            insert.setLong(6, by);
            insert.setLong(7, projectId);
            if (insert.executeUpdate() != 1) {
                throw new IllegalStateException("no project " + projectId);
            }
        }
    }
}
