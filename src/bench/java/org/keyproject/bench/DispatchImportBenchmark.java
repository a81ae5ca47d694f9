package org.keyproject.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.keyproject.ledger.LedgerImport;
import org.keyproject.ledger.LedgerReport;
import org.keyproject.people.CurrentUser;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Rows per second importing a 10,000-row dispatch sheet (调度表) through the API (upload, read, match,
 * derive, check, write the reports SUBMITTED with their warnings, audit), after loading the 10,000
 * projects with the ledger import, beside a bare JDBC batch insert of the same 10,000 progress_report
 * rows in the same run and database. Prints a Markdown table for docs/benchmarks.md.
 *
 * <p>Run: {@code ./mvnw -o -Pbench -DskipTests test-compile exec:java
 * -Dbench.main=org.keyproject.bench.DispatchImportBenchmark} (append {@code -Dexec.args=1000} for fewer rows).
 */
public final class DispatchImportBenchmark {

    private static final int YEAR = 2026;

    private DispatchImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (ConfigurableApplicationContext context = LedgerImportBenchmark.start("--logging.level.org.keyproject.ledger.DispatchImport=INFO")) {
            Regions regions = context.getBean(Regions.class);
            LedgerImport ledger = context.getBean(LedgerImport.class);
            DataSource dataSource = context.getBean(DataSource.class);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            CurrentUser admin = (CurrentUser) context.getBean(UserDetailsService.class).loadUserByUsername("admin");
            Region root = regions.root().orElseThrow();
            List<Region> counties = LedgerImportBenchmark.counties(regions, "D", "调度基准");
            LedgerReport loaded = ledger.importLedger(LedgerImportBenchmark.workbook(rows, counties, "L"),
                    new LedgerImport.Options(YEAR, true, false), admin);
            if (loaded.hasErrors() || loaded.created() != rows) {
                throw new IllegalStateException("the ledger did not load: " + loaded.errors().stream().limit(5).toList());
            }
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));

            // warm-up, not measured: a dry run pays for class loading and the JIT
            expect(200, LedgerImportBenchmark.post(port, "/api/v1/imports/dispatch?period=2026-03&dryRun=true", sheet(rows, 1)));

            byte[] april = sheet(rows, 1);
            long started = System.nanoTime();
            expect(200, LedgerImportBenchmark.post(port, "/api/v1/imports/dispatch?period=2026-04&dryRun=true", april));
            double dryRunSeconds = LedgerImportBenchmark.seconds(started);

            started = System.nanoTime();
            expect(200, LedgerImportBenchmark.post(port, "/api/v1/imports/dispatch?period=2026-04", april));
            double importSeconds = LedgerImportBenchmark.seconds(started);

            started = System.nanoTime();
            expect(200, LedgerImportBenchmark.post(port, "/api/v1/imports/dispatch?period=2026-04", sheet(rows, 2)));
            double againSeconds = LedgerImportBenchmark.seconds(started);

            long reports = jdbc.sql("""
                    SELECT count(*) FROM progress_report pr JOIN report_period rp ON rp.id = pr.period_id
                    WHERE rp.starts_on = DATE '2026-04-01' AND pr.state = 'SUBMITTED'
                    """).query(Long.class).single();
            if (reports != rows) {
                throw new IllegalStateException("expected " + rows + " reports, found " + reports);
            }

            started = System.nanoTime();
            bareInsert(dataSource, admin.id(), root.id());
            double jdbcSeconds = LedgerImportBenchmark.seconds(started);

            System.out.printf("%n## Dispatch sheet import, %,d rows (%s, %d cores, %s)%n%n", rows, LocalDate.now(),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.println("| step | seconds | rows/s |");
            System.out.println("| --- | ---: | ---: |");
            LedgerImportBenchmark.line("dispatch sheet dry run through the API (read, match, derive, check, apply, roll back)", rows, dryRunSeconds);
            LedgerImportBenchmark.line("dispatch sheet import through the API, all reports new (opens the month, warnings, audit)", rows, importSeconds);
            LedgerImportBenchmark.line("dispatch sheet re-import, all reports updated", rows, againSeconds);
            LedgerImportBenchmark.line("bare JDBC batch insert into progress_report", rows, jdbcSeconds);
            System.out.printf("%nThe import runs at %.0f%% of the bare insert's rate. Heap limit: %,d MB.%n",
                    100 * jdbcSeconds / importSeconds, Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }

    private static void expect(int expected, int status) {
        if (status != expected) {
            throw new IllegalStateException("the API answered " + status);
        }
    }

    /** The month's sheet: the ledger's projects by name and owner, with a period amount that differs per project. */
    private static byte[] sheet(int rows, int factor) throws IOException {
        return LedgerImportBenchmark.sheet("调度表", YEAR + "年4月重点项目调度表", new String[] {"序号", "项目名称", "建设单位",
                "本月完成投资（万元）", "开复工情况", "形象进度", "存在问题"}, rows, (row, i) -> {
            row.createCell(1).setCellValue(LedgerImportBenchmark.name("L", i));
            row.createCell(2).setCellValue(LedgerImportBenchmark.owner("L", i));
            row.createCell(3).setCellValue(amount(i, factor).doubleValue());
            row.createCell(4).setCellValue(i % 2 == 0 ? "已复工" : "已开工");
            row.createCell(5).setCellValue("主体施工" + (i % 10) + "层");
            row.createCell(6).setCellValue(i % 5 == 0 ? "用地手续待办" : "无");
        });
    }

    private static BigDecimal amount(int i, int factor) {
        return BigDecimal.valueOf((long) (i % 97 + 1) * factor);
    }

    /** The same rows straight into progress_report of another month's period, batched, in one transaction: the floor. */
    private static void bareInsert(DataSource dataSource, long adminId, long rootId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            long period;
            try (PreparedStatement open = connection.prepareStatement("""
                    INSERT INTO report_period (region_id, year, cadence, starts_on, ends_on, due_on, opened_by)
                    VALUES (?, ?, 'MONTHLY', DATE '2026-09-01', DATE '2026-09-30', DATE '2026-10-12', ?) RETURNING id
                    """)) {
                open.setLong(1, rootId);
                open.setInt(2, YEAR);
                open.setLong(3, adminId);
                try (ResultSet rs = open.executeQuery()) {
                    rs.next();
                    period = rs.getLong(1);
                }
            }
            List<long[]> projects = new ArrayList<>();
            try (PreparedStatement find = connection.prepareStatement("SELECT id, region_id FROM project WHERE name LIKE '基准项目L%' ORDER BY id");
                 ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    projects.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO progress_report (period_id, project_id, region_id, state, period_amount, ytd_amount, since_start_amount,
                        started_this_year, image_progress, problems_text, submitted_by, submitted_at)
                    VALUES (?, ?, ?, 'SUBMITTED', ?, ?, ?, TRUE, ?, ?, ?, now())
                    """)) {
                for (int i = 1; i <= projects.size(); i++) {
                    long[] project = projects.get(i - 1);
                    BigDecimal amount = amount(i, 1);
                    insert.setLong(1, period);
                    insert.setLong(2, project[0]);
                    insert.setLong(3, project[1]);
                    insert.setBigDecimal(4, amount);
                    insert.setBigDecimal(5, amount);
                    insert.setBigDecimal(6, amount);
                    insert.setString(7, "主体施工" + (i % 10) + "层");
                    insert.setString(8, i % 5 == 0 ? "用地手续待办" : "无");
                    insert.setLong(9, adminId);
                    insert.addBatch();
                    if (i % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }
}
