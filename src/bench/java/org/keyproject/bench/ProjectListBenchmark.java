package org.keyproject.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.keyproject.KeyprojectApplication;
import org.keyproject.common.PageResult;
import org.keyproject.demo.DataGenerator;
import org.keyproject.demo.GeneratedData;
import org.keyproject.demo.GeneratorSpec;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.DataScope;
import org.keyproject.project.Category;
import org.keyproject.project.ProjectFilter;
import org.keyproject.project.ProjectQueries;
import org.keyproject.project.ProjectRow;
import org.keyproject.project.Stage;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * The project list at volume: a fresh embedded PostgreSQL in target/bench-pg, the application's own
 * context on it (no HTTP port), {@value #DEFAULT_PROJECTS} generated projects, then one page of 20 rows
 * plus the total count for realistic filters, as a county user and as a city coordinator sees them.
 * Each case is timed through the application's query path and through bare JDBC, and the figures are
 * appended to docs/benchmarks.md.
 *
 * <pre>./mvnw -o -Pbench -DskipTests test-compile exec:java</pre>
 * Options (system properties): -Dbench.projects=100000 -Dbench.runs=50 -Dbench.warmup=5
 */
public final class ProjectListBenchmark {

    static final int DEFAULT_PROJECTS = 100_000;
    static final int PAGE = 20;
    static final int YEAR = 2026;

    /** A filter combination of the list page, in the terms both implementations understand. */
    record Filter(String name, Long regionId, String regionPath, Stage stage, Category category, BigDecimal minInvestment,
                  BigDecimal maxInvestment, String text, Long leaderId, Integer listYear) {
    }

    record Page(List<Long> ids, long total) {
    }

    /** One way of running the list query: the application's or hand-written SQL. */
    interface ListQuery {
        String label();

        Page run(Filter f, DataScope scope) throws SQLException;
    }

    /**
     * The application's query path: the project module's public read API with the data scope of a
     * signed-in user. This is the single place that calls into the application for the list.
     */
    static final class AppListQuery implements ListQuery {
        private final ProjectQueries queries;

        AppListQuery(ProjectQueries queries) {
            this.queries = queries;
        }

        @Override
        public String label() {
            return "ProjectQueries.list";
        }

        @Override
        public Page run(Filter f, DataScope scope) {
            ProjectFilter filter = new ProjectFilter(f.regionId(), f.stage() == null ? null : List.of(f.stage()), null,
                    f.category(), null, null, f.leaderId(), null, null, null, f.minInvestment(), f.maxInvestment(),
                    f.listYear(), null, f.text(), "updated", "desc");
            PageResult<ProjectRow> page = queries.list(filter, scope, 0, PAGE);
            return new Page(page.items().stream().map(ProjectRow::id).toList(), page.total());
        }
    }

    /**
     * Hand-written SQL through a plain JDBC connection: the same conditions, either as a count and a
     * page (what the application does) or as one statement with count(*) OVER ().
     */
    static final class BareSqlListQuery implements ListQuery {
        private final Connection connection;
        private final boolean window;

        BareSqlListQuery(Connection connection, boolean window) {
            this.connection = connection;
            this.window = window;
        }

        @Override
        public String label() {
            return window ? "bare SQL, one statement with count(*) OVER ()" : "bare SQL, count + page";
        }

        @Override
        public Page run(Filter f, DataScope scope) throws SQLException {
            List<Object> params = new ArrayList<>();
            StringBuilder where = new StringBuilder();
            if (scope.regionPath().indexOf('/', 1) == scope.regionPath().length() - 1) {
                where.append("TRUE"); // the root region's subtree: every project
            } else {
                where.append("(p.region_id IN (SELECT sr.id FROM region sr WHERE sr.path LIKE ?) OR p.leader_id = ? OR p.commissioner_id = ?)");
                params.addAll(List.of(scope.regionPath() + "%", scope.userId(), scope.userId()));
            }
            if (f.regionPath() != null) {
                where.append(" AND p.region_id IN (SELECT fr.id FROM region fr WHERE fr.path LIKE ?)");
                params.add(f.regionPath() + "%");
            }
            if (f.stage() != null) {
                where.append(" AND p.stage = ?");
                params.add(f.stage().name());
            }
            if (f.category() != null) {
                where.append(" AND p.category = ?");
                params.add(f.category().name());
            }
            if (f.minInvestment() != null) {
                where.append(" AND p.total_investment >= ?");
                params.add(f.minInvestment());
            }
            if (f.maxInvestment() != null) {
                where.append(" AND p.total_investment <= ?");
                params.add(f.maxInvestment());
            }
            if (f.leaderId() != null) {
                where.append(" AND p.leader_id = ?");
                params.add(f.leaderId());
            }
            if (f.listYear() != null) {
                where.append(" AND EXISTS (SELECT 1 FROM annual_list_entry e WHERE e.project_id = p.id AND e.year = ?)");
                params.add(f.listYear());
            }
            if (f.text() != null) {
                where.append(" AND (p.name ILIKE ? OR p.code ILIKE ? OR p.owner_id = ANY (ARRAY(SELECT so.id FROM organization so WHERE so.name ILIKE ?)))");
                String like = "%" + f.text() + "%";
                params.addAll(List.of(like, like, like));
            }
            String select = """
                    SELECT p.id, p.code, p.name, o.name AS owner, r.name AS region, p.stage, p.total_investment%s
                    FROM project p JOIN organization o ON o.id = p.owner_id JOIN region r ON r.id = p.region_id
                    WHERE %s ORDER BY p.updated_at DESC, p.id DESC LIMIT %d OFFSET 0""";
            List<Long> ids = new ArrayList<>();
            long total = -1;
            if (window) {
                try (PreparedStatement ps = prepare(select.formatted(", count(*) OVER () AS total", where, PAGE), params);
                     ResultSet rs = ps.executeQuery()) {
                    total = 0;
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        total = rs.getLong("total");
                    }
                }
                return new Page(ids, total);
            }
            try (PreparedStatement ps = prepare("SELECT count(*) FROM project p WHERE " + where, params); ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            try (PreparedStatement ps = prepare(select.formatted("", where, PAGE), params); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return new Page(ids, total);
        }

        private PreparedStatement prepare(String sql, List<Object> params) throws SQLException {
            PreparedStatement ps = connection.prepareStatement(sql);
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps;
        }
    }

    record Timing(double median, double p95) {
    }

    public static void main(String[] args) throws Exception {
        int projects = Integer.getInteger("bench.projects", DEFAULT_PROJECTS);
        int runs = Integer.getInteger("bench.runs", 50);
        int warmup = Integer.getInteger("bench.warmup", 5);
        Path dataDir = Path.of("target", "bench-pg").toAbsolutePath();
        deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();

        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true)
                .setServerConfig("timezone", "Asia/Shanghai").start()) {
            String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            // as command-line arguments, so that they win over application.yml and the environment
            ConfigurableApplicationContext app = new SpringApplicationBuilder(KeyprojectApplication.class)
                    .run("--keyproject.db.url=" + url, "--keyproject.db.username=postgres", "--keyproject.db.password=postgres",
                            "--keyproject.demo=false", "--keyproject.admin-password=bench-only-password",
                            "--keyproject.city.name=临江市", "--keyproject.city.code=219900",
                            "--server.port=-1", "--logging.level.root=WARN", "--spring.main.banner-mode=off");
            try {
                JdbcTemplate jdbc = new JdbcTemplate(app.getBean(DataSource.class));
                long rowsBefore = rowCount(jdbc);
                long started = System.nanoTime();
                GeneratedData data = app.getBean(DataGenerator.class).generate(new GeneratorSpec(7, projects, 12, YEAR));
                double generationSeconds = (System.nanoTime() - started) / 1e9;
                long rowsWritten = rowCount(jdbc) - rowsBefore;
                System.out.printf(Locale.ROOT, "Generated %d projects (%d rows in all) in %.1f s: %.0f projects/s, %.0f rows/s%n",
                        data.projects(), rowsWritten, generationSeconds, data.projects() / generationSeconds, rowsWritten / generationSeconds);
                jdbc.execute("VACUUM ANALYZE");

                UserDetailsService users = app.getBean(UserDetailsService.class);
                CurrentUser countyUser = (CurrentUser) users.loadUserByUsername("county01");
                CurrentUser cityCoordinator = (CurrentUser) users.loadUserByUsername("fgw1");
                long county = countyUser.regionId();
                String countyPath = jdbc.queryForObject("SELECT path FROM region WHERE id = ?", String.class, county);
                Long leader = jdbc.queryForObject("""
                        SELECT p.leader_id FROM project p JOIN app_user u ON u.id = p.leader_id
                        WHERE u.region_id = ? GROUP BY p.leader_id ORDER BY count(*) DESC, p.leader_id LIMIT 1""", Long.class, county);
                List<Filter> filters = List.of(
                        new Filter("county subtree + stage 在建", county, countyPath, Stage.CONSTRUCTION, null, null, null, null, null, null),
                        new Filter("industrial, 1–5亿", null, null, null, Category.INDUSTRIAL, new BigDecimal("10000"), new BigDecimal("50000"), null, null, null),
                        new Filter("text '新材料' (name, code, owner)", null, null, null, null, null, null, "新材料", null, null),
                        new Filter("one county leader's projects", null, null, null, null, null, null, null, leader, null),
                        new Filter("on a " + YEAR + " list", null, null, null, null, null, null, null, null, YEAR),
                        new Filter("no filter, newest first", null, null, null, null, null, null, null, null, null));

                try (Connection connection = pg.getPostgresDatabase().getConnection()) {
                    List<ListQuery> queries = List.of(new AppListQuery(app.getBean(ProjectQueries.class)),
                            new BareSqlListQuery(connection, false), new BareSqlListQuery(connection, true));
                    List<String> rows = new ArrayList<>();
                    for (CurrentUser user : List.of(countyUser, cityCoordinator)) {
                        String scopeName = user == countyUser ? "county user (county01)" : "city coordinator (fgw1)";
                        for (Filter f : filters) {
                            List<Page> firstPages = new ArrayList<>();
                            for (ListQuery q : queries) {
                                firstPages.add(q.run(f, user.scope()));
                            }
                            List<Timing> timings = time(queries, f, user.scope(), warmup, runs);
                            boolean agree = firstPages.stream().allMatch(p -> p.equals(firstPages.get(0)));
                            String row = String.format(Locale.ROOT, "| %s | %s | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%s",
                                    scopeName, f.name(), firstPages.get(0).total(),
                                    timings.get(0).median(), timings.get(0).p95(), timings.get(1).median(), timings.get(1).p95(),
                                    timings.get(2).median(), timings.get(2).p95(), agree ? "" : " results differ!");
                            System.out.println(row);
                            rows.add(row);
                        }
                    }
                    String pgVersion = jdbc.queryForObject("SELECT version()", String.class);
                    append(projects, data, rowsWritten, generationSeconds, runs, warmup, loadBefore, pgVersion, queries, rows);
                }
            } finally {
                app.close();
            }
        }
    }

    /** The implementations take turns run by run, so that a change in the machine's load hits them alike. */
    private static List<Timing> time(List<ListQuery> queries, Filter f, DataScope scope, int warmup, int runs) throws SQLException {
        for (int i = 0; i < warmup; i++) {
            for (ListQuery q : queries) {
                q.run(f, scope);
            }
        }
        double[][] ms = new double[queries.size()][runs];
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < queries.size(); k++) {
                long t = System.nanoTime();
                queries.get(k).run(f, scope);
                ms[k][i] = (System.nanoTime() - t) / 1e6;
            }
        }
        List<Timing> timings = new ArrayList<>();
        for (double[] m : ms) {
            Arrays.sort(m);
            double median = runs % 2 == 1 ? m[runs / 2] : (m[runs / 2 - 1] + m[runs / 2]) / 2;
            timings.add(new Timing(median, m[Math.min(runs - 1, (int) Math.ceil(0.95 * runs) - 1)]));
        }
        return timings;
    }

    private static long rowCount(JdbcTemplate jdbc) {
        return jdbc.queryForObject("""
                SELECT (SELECT count(*) FROM region) + (SELECT count(*) FROM organization) + (SELECT count(*) FROM app_user)
                     + (SELECT count(*) FROM project) + (SELECT count(*) FROM project_stage_change)
                     + (SELECT count(*) FROM project_region_period) + (SELECT count(*) FROM annual_list)
                     + (SELECT count(*) FROM annual_list_entry) + (SELECT count(*) FROM start_batch)
                     + (SELECT count(*) FROM start_batch_project)""", Long.class);
    }

    private static void append(int projects, GeneratedData data, long rowsWritten, double seconds, int runs, int warmup,
                               String load, String pgVersion, List<ListQuery> queries, List<String> rows) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
        StringBuilder md = new StringBuilder();
        md.append("\n## Project list at ").append(String.format(Locale.ROOT, "%,d", projects)).append(" projects, ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))).append("\n\n");
        md.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(Math.round(memKb / 1024.0 / 1024.0)).append(" GiB RAM, ").append(cpu)
                .append("; load average before the run: ").append(load).append(" (other builds share the machine)\n");
        md.append("- Java ").append(System.getProperty("java.version")).append(" (").append(System.getProperty("java.vm.name")).append(")\n");
        md.append("- ").append(pgVersion).append(", embedded (zonky), default settings, data in target/bench-pg\n");
        md.append(String.format(Locale.ROOT, "- Generation (DataGenerator, seed 7, 12 counties, year %d, one transaction): %,d projects, %,d rows in all, %,d users in %.1f s = **%,.0f projects/s**, %,.0f rows/s\n",
                YEAR, data.projects(), rowsWritten, data.users(), seconds, data.projects() / seconds, rowsWritten / seconds));
        md.append("- Each case: one page of ").append(PAGE).append(" rows ordered by updated_at desc, id desc, plus the total count; ")
                .append(warmup).append(" warm-up runs, then ").append(runs)
                .append(" timed runs, the three implementations taking turns; times in ms, wall clock in the JVM\n");
        md.append("- Columns: app = ").append(queries.get(0).label()).append(" (count, then page, in a read-only transaction); bare = ")
                .append(queries.get(1).label()).append("; window = ").append(queries.get(2).label()).append("\n");
        md.append("- Command: `./mvnw -o -Pbench -DskipTests test-compile exec:java`\n\n");
        md.append("| scope | filter | matching projects | app median | app p95 | bare median | bare p95 | window median | window p95 |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        rows.forEach(r -> md.append(r).append('\n'));
        Path doc = Path.of("docs", "benchmarks.md");
        Files.createDirectories(doc.getParent());
        if (!Files.exists(doc)) {
            Files.writeString(doc, "# Benchmarks\n\nFigures appended by the benchmarks in src/bench/java; newest last.\n");
        }
        Files.writeString(doc, md.toString(), StandardOpenOption.APPEND);
        System.out.println("Appended the results to " + doc.toAbsolutePath());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
