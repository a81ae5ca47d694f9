package org.keyproject.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.keyproject.demo.DataGenerator;
import org.keyproject.demo.GeneratedData;
import org.keyproject.demo.GeneratorSpec;
import org.keyproject.people.ApiTokens;
import org.keyproject.people.CurrentUser;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * The problem loop at province scale: {@value #DEFAULT_PROJECTS} generated projects with their problems
 * ({@link DataGenerator}: every state, steps, deadlines on the calendar), topped up set-based to
 * {@value #DEFAULT_PROBLEMS} problems by copying generated problems onto other active projects. Then
 *
 * <ul>
 *   <li>(a) problems raised over HTTP ({@code POST /api/v1/problems}, a city coordinator's API token per
 *       thread) beside bare single-row SQL inserts of the same rows (the problem and its RAISE step in
 *       one transaction), same threads, same run;</li>
 *   <li>(b) the first page of {@code GET /api/v1/problems} for a city coordinator, a county coordinator
 *       and a department handler with the filters of the list (state, department, overdue), each beside
 *       bare SQL doing the same count and page; one request at a time (median, p95), then all cases
 *       mixed from several threads (requests per second).</li>
 * </ul>
 *
 * <p>Run: {@code ./mvnw -o -Pbench -DskipTests test-compile exec:java -Dbench.main=org.keyproject.bench.ProblemBenchmark}.
 * Options: -Dbench.projects=40000 -Dbench.problems=100000 -Dbench.creates=2000 -Dbench.threads=4
 * -Dbench.runs=40 -Dbench.warmup=5. Prints markdown for docs/benchmarks.md.
 */
public final class ProblemBenchmark {

    static final int DEFAULT_PROJECTS = 40_000;
    static final int DEFAULT_PROBLEMS = 100_000;
    private static final int YEAR = 2026;
    private static final int PAGE = 20;
    private static final String PASSWORD = "bench-admin-password-1";

    private ProblemBenchmark() {
    }

    private interface Call {
        void run(int thread, int i) throws Exception;
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

    /** A list case: who asks, the API's query string, and the bare SQL's condition with its parameters. */
    private record ListCase(String name, String username, String query, String condition, Object[] params) {
    }

    public static void main(String[] args) throws Exception {
        int projects = Integer.getInteger("bench.projects", DEFAULT_PROJECTS);
        int problems = Integer.getInteger("bench.problems", DEFAULT_PROBLEMS);
        int creates = Integer.getInteger("bench.creates", 2_000);
        int threads = Integer.getInteger("bench.threads", 4);
        int runs = Integer.getInteger("bench.runs", 40);
        int warmup = Integer.getInteger("bench.warmup", 5);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        Path dataDir = Path.of("target", "bench-pg", UUID.randomUUID().toString()).toAbsolutePath();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true)
                .setServerConfig("timezone", "Asia/Shanghai").setServerConfig("max_connections", "100").start();
             ConfigurableApplicationContext context = LedgerImportBenchmark.start(
                     "--keyproject.db.url=jdbc:postgresql://localhost:" + pg.getPort() + "/postgres",
                     "--keyproject.db.username=postgres", "--keyproject.db.password=postgres",
                     "--keyproject.problems.alert-cron=-", "--keyproject.services.promise-cron=-")) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            DataSource dataSource = context.getBean(DataSource.class);
            long started = System.nanoTime();
            GeneratedData data = context.getBean(DataGenerator.class).generate(new GeneratorSpec(7, projects, 12, YEAR));
            double generation = LedgerImportBenchmark.seconds(started);
            long generated = jdbc.sql("SELECT count(*) FROM problem").query(Long.class).single();
            started = System.nanoTime();
            int added = topUp(jdbc, problems - (int) generated);
            double topUp = LedgerImportBenchmark.seconds(started);
            jdbc.sql("VACUUM ANALYZE").update();
            long total = jdbc.sql("SELECT count(*) FROM problem").query(Long.class).single();

            // who asks: the city coordinator, the coordinator of the county with most problems, the handler of the busiest department
            long fgw1 = jdbc.sql("SELECT id FROM app_user WHERE username = 'fgw1'").query(Long.class).single();
            Map<String, Object> county = jdbc.sql("""
                    SELECT u.username, u.id, r.path FROM app_user u JOIN region r ON r.id = u.region_id
                    WHERE u.role = 'COORDINATOR' AND r.level = 'COUNTY'
                    ORDER BY (SELECT count(*) FROM problem pb JOIN region pr ON pr.id = pb.region_id WHERE pr.path LIKE r.path || '%') DESC LIMIT 1
                    """).query().singleRow();
            Map<String, Object> handler = jdbc.sql("""
                    SELECT u.username, u.organization_id FROM app_user u JOIN problem pb ON pb.department_id = u.organization_id
                    WHERE u.role = 'DEPARTMENT' GROUP BY u.username, u.organization_id ORDER BY count(*) DESC, u.username LIMIT 1
                    """).query().singleRow();
            String countyUser = (String) county.get("username");
            long countyId = ((Number) county.get("id")).longValue();
            String countyPath = county.get("path") + "%";
            String bm = (String) handler.get("username");
            long department = ((Number) handler.get("organization_id")).longValue();
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
            String countyScope = "(p.region_id IN (SELECT sr.id FROM region sr WHERE sr.path LIKE ?) OR p.leader_id = ? OR p.commissioner_id = ?)";
            // as ProblemQueries.IS_OVERDUE: the deadline before the last working day on or before today
            String overdue = """
                    pb.state IN ('ASSIGNED', 'IN_PROGRESS') AND pb.deadline < (SELECT max(CAST(g.d AS date))
                        FROM generate_series(CAST(? AS date) - 40, CAST(? AS date), INTERVAL '1 day') g (d) WHERE is_working_day(CAST(g.d AS date)))""";
            List<ListCase> cases = List.of(
                    new ListCase("city coordinator (fgw1), no filter", "fgw1", "", "TRUE", new Object[0]),
                    new ListCase("city coordinator, state 已交办 + 办理中", "fgw1", "state=ASSIGNED&state=IN_PROGRESS",
                            "pb.state IN ('ASSIGNED', 'IN_PROGRESS')", new Object[0]),
                    new ListCase("city coordinator, one department", "fgw1", "departmentId=" + department, "pb.department_id = ?",
                            new Object[] {department}),
                    new ListCase("city coordinator, overdue", "fgw1", "overdue=true", overdue, new Object[] {today, today}),
                    new ListCase("county coordinator (" + countyUser + "), no filter", countyUser, "", countyScope,
                            new Object[] {countyPath, countyId, countyId}),
                    new ListCase("county coordinator, overdue", countyUser, "overdue=true", countyScope + " AND " + overdue,
                            new Object[] {countyPath, countyId, countyId, today, today}),
                    new ListCase("department handler (" + bm + "), no filter", bm, "", "pb.department_id = ?", new Object[] {department}),
                    new ListCase("department handler, state 办理中", bm, "state=IN_PROGRESS",
                            "pb.department_id = ? AND pb.state = 'IN_PROGRESS'", new Object[] {department}));

            ApiTokens tokens = context.getBean(ApiTokens.class);
            UserDetailsService users = context.getBean(UserDetailsService.class);
            Map<String, String> bearer = new java.util.HashMap<>();
            for (String username : List.of("fgw1", countyUser, bm)) {
                bearer.put(username, tokens.issue((CurrentUser) users.loadUserByUsername(username), "bench", 1).token());
            }
            List<String> creators = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                creators.add(tokens.issue((CurrentUser) users.loadUserByUsername("fgw1"), "bench create " + t, 1).token());
            }
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newHttpClient();
            String api = "http://localhost:" + port + "/api/v1/problems";

            // (a) creation
            List<Long> targets = jdbc.sql("""
                    SELECT id FROM project WHERE stage IN ('PREPARATION', 'CONSTRUCTION') ORDER BY id LIMIT ?
                    """).param(warmup * 40 + creates).query(Long.class).list();
            String[] categories = {"LAND", "PLANNING", "FUNDING", "CONSTRUCTION", "UTILITIES", "APPROVAL"};
            Call throughApi = (thread, i) -> call(http, creators.get(thread), HttpRequest.newBuilder(URI.create(api)).POST(
                    HttpRequest.BodyPublishers.ofString("""
                            {"projectId": %d, "category": "%s", "title": "压测问题%d", "description": "基准测试反映的问题"}
                            """.formatted(targets.get(i), categories[i % categories.length], i))), 201);
            run(threads, warmup * 40, throughApi);
            Timing apiCreates = run(threads, creates, (thread, i) -> throughApi.run(thread, warmup * 40 + i));
            Timing bareCreates = run(threads, creates, (thread, i) -> bareInsert(dataSource, targets.get(warmup * 40 + i),
                    categories[i % categories.length], i, fgw1));

            // (b) the list, one request at a time, the two ways taking turns
            List<String> rows = new ArrayList<>();
            for (ListCase c : cases) {
                String url = api + "?page=0&size=" + PAGE + (c.query().isEmpty() ? "" : "&" + c.query());
                long[] matching = new long[1];
                Call app = (thread, i) -> call(http, bearer.get(c.username()), HttpRequest.newBuilder(URI.create(url)).GET(), 200);
                Call bare = (thread, i) -> matching[0] = bareList(dataSource, c, today);
                for (int i = 0; i < warmup; i++) {
                    app.run(0, i);
                    bare.run(0, i);
                }
                double[] appMillis = new double[runs];
                double[] bareMillis = new double[runs];
                for (int i = 0; i < runs; i++) {
                    appMillis[i] = timed(app, i);
                    bareMillis[i] = timed(bare, i);
                }
                Timing a = new Timing(1, appMillis);
                Timing b = new Timing(1, bareMillis);
                rows.add(String.format(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %.1f | %.1f |", c.name(), matching[0],
                        a.percentile(0.5), a.percentile(0.95), b.percentile(0.5), b.percentile(0.95)));
            }
            int mixed = cases.size() * runs;
            Timing appMixed = run(threads, mixed, (thread, i) -> {
                ListCase c = cases.get(i % cases.size());
                call(http, bearer.get(c.username()), HttpRequest.newBuilder(URI.create(api + "?page=0&size=" + PAGE
                        + (c.query().isEmpty() ? "" : "&" + c.query()))).GET(), 200);
            });
            Timing bareMixed = run(threads, mixed, (thread, i) -> bareList(dataSource, cases.get(i % cases.size()), today));

            String postgres = jdbc.sql("SELECT version()").query(String.class).single();
            System.out.printf(Locale.ROOT, "%n## Problems at province scale: %,d problems, %s%n%n", total, LocalDate.now());
            System.out.printf(Locale.ROOT, "- Machine: %d cores, Java %s; load average before the run: %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadBefore);
            System.out.printf(Locale.ROOT, "- %s, embedded (zonky), default settings%n", postgres);
            System.out.printf(Locale.ROOT, "- Generation (seed 7, 12 counties, %d): %,d projects with %,d problems in %.1f s;"
                    + " topped up with %,d copies onto other active projects in %.1f s%n", YEAR, data.projects(), generated,
                    generation, added, topUp);
            System.out.printf(Locale.ROOT, "- Command: `./mvnw -o -Pbench -DskipTests test-compile exec:java"
                    + " -Dbench.main=org.keyproject.bench.ProblemBenchmark`%n%n");
            System.out.printf(Locale.ROOT, "Raising problems, %,d each way, %d threads:%n%n", creates, threads);
            System.out.println("| way | seconds | problems/s | p50 ms | p95 ms |");
            System.out.println("| --- | ---: | ---: | ---: | ---: |");
            line("POST /api/v1/problems (scope, checks, RAISE step, audit)", apiCreates);
            line("bare INSERT of the problem and its RAISE step, one transaction", bareCreates);
            System.out.printf(Locale.ROOT, "%nThe first page (%d rows) and the total, %d runs each, one at a time (ms):%n%n", PAGE, runs);
            System.out.println("| case | matching | API median | API p95 | bare SQL median | bare SQL p95 |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
            rows.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "%nAll %d cases mixed, %,d requests from %d threads: API %.0f requests/s (p50 %.1f ms,"
                    + " p95 %.1f ms), bare SQL %.0f queries/s (p50 %.1f ms, p95 %.1f ms).%n", cases.size(), mixed, threads,
                    appMixed.perSecond(), appMixed.percentile(0.5), appMixed.percentile(0.95), bareMixed.perSecond(),
                    bareMixed.percentile(0.5), bareMixed.percentile(0.95));
        }
    }

    /** Copies of generated problems onto other active projects (same state, deadline, department), up to the count. */
    private static int topUp(JdbcClient jdbc, int missing) {
        if (missing <= 0) {
            return 0;
        }
        return jdbc.sql("""
                WITH source AS (SELECT row_number() OVER (ORDER BY id) AS i, pb.* FROM problem pb WHERE pb.source = 'MANUAL'),
                     projects AS (SELECT row_number() OVER (ORDER BY id) AS i, id, region_id FROM project
                                  WHERE stage IN ('SIGNED', 'PREPARATION', 'CONSTRUCTION', 'SUSPENDED')),
                     sizes AS (SELECT (SELECT count(*) FROM source) AS problems, (SELECT count(*) FROM projects) AS projects)
                INSERT INTO problem (project_id, region_id, raised_by, raised_role, raised_at, category, title, description, state,
                    department_id, deadline, deadline_days, answer, direct_line, escalated_at, listed, listed_at, listed_by, closed_at,
                    version, updated_at)
                SELECT p.id, p.region_id, s.raised_by, s.raised_role, s.raised_at, s.category, s.title, s.description, s.state,
                       s.department_id, s.deadline, s.deadline_days, s.answer, s.direct_line, s.escalated_at, s.listed, s.listed_at,
                       s.listed_by, s.closed_at, s.version, s.updated_at
                FROM generate_series(1, ?) g (n) CROSS JOIN sizes z
                JOIN source s ON s.i = 1 + g.n % z.problems
                JOIN projects p ON p.i = 1 + (g.n * 7919) % z.projects
                """).param(missing).update();
    }

    private static void line(String way, Timing t) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %,.0f | %.1f | %.1f |%n", way, t.seconds(), t.perSecond(),
                t.percentile(0.50), t.percentile(0.95));
    }

    private static double timed(Call call, int i) throws Exception {
        long begun = System.nanoTime();
        call.run(0, i);
        return (System.nanoTime() - begun) / 1e6;
    }

    /** Calls 0..n-1 shared out over the threads; the latency of each and the wall time of all. */
    private static Timing run(int threads, int n, Call call) throws Exception {
        double[] millis = new double[n];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        long begun = System.nanoTime();
                        call.run(thread, i);
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

    private static String call(HttpClient http, String token, HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("the API answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(1_000, response.body().length())));
        }
        return response.body();
    }

    /** What raising amounts to in the tables, written straight: the problem and its RAISE step. */
    private static void bareInsert(DataSource dataSource, long projectId, String category, int i, long by) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            long id;
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO problem (project_id, region_id, raised_by, raised_role, category, title, description)
                    SELECT p.id, p.region_id, ?, 'COORDINATOR', ?, ?, '基准测试反映的问题' FROM project p WHERE p.id = ? RETURNING id
                    """)) {
                insert.setLong(1, by);
                insert.setString(2, category);
                insert.setString(3, "直写问题" + i);
                insert.setLong(4, projectId);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement step = connection.prepareStatement(
                    "INSERT INTO problem_step (problem_id, action, to_state, actor_id) VALUES (?, 'RAISE', 'RAISED', ?)")) {
                step.setLong(1, id);
                step.setLong(2, by);
                step.executeUpdate();
            }
            connection.commit();
        }
    }

    /** The same count and first page as the API, written by hand: answers the count. */
    private static long bareList(DataSource dataSource, ListCase c, LocalDate today) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            long total;
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT count(*) FROM problem pb" + (c.condition().contains("p.") ? " JOIN project p ON p.id = pb.project_id" : "")
                            + " WHERE " + c.condition())) {
                bind(count, c.params(), 0);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            try (PreparedStatement page = connection.prepareStatement("""
                    SELECT pb.id, pb.project_id, p.name, pb.region_id, r.name, pb.title, pb.category, pb.state, pb.department_id, d.name,
                           pb.deadline, CASE WHEN pb.state IN ('ASSIGNED', 'IN_PROGRESS') AND pb.deadline < ?
                                             THEN greatest(working_days_between(pb.deadline, ?), 0) ELSE 0 END,
                           pb.listed, pb.direct_line, pb.escalated_at, pb.source, pb.raised_at, pb.version
                    FROM problem pb JOIN project p ON p.id = pb.project_id JOIN region r ON r.id = pb.region_id
                    LEFT JOIN organization d ON d.id = pb.department_id
                    WHERE
                    """ + c.condition() + " ORDER BY pb.deadline NULLS FIRST, pb.id DESC LIMIT " + PAGE)) {
                page.setObject(1, today);
                page.setObject(2, today);
                bind(page, c.params(), 2);
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        rs.getLong(1);
                    }
                }
            }
            return total;
        }
    }

    private static void bind(PreparedStatement statement, Object[] params, int offset) throws Exception {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(offset + i + 1, params[i]);
        }
    }
}
