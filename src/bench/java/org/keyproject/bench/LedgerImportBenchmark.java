package org.keyproject.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.keyproject.KeyprojectApplication;
import org.keyproject.ledger.LedgerImport;
import org.keyproject.ledger.LedgerReport;
import org.keyproject.people.CurrentUser;
import org.keyproject.region.NewRegion;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Rows per second importing a 10,000-row ledger (read, check, create every project, put it on the
 * year's list, audit), beside a bare JDBC batch insert of the same rows into project in the same run
 * and the same database. Starts the whole application on a fresh embedded PostgreSQL under
 * target/bench-pg and prints a Markdown table for docs/benchmarks.md.
 *
 * <p>Run: {@code ./mvnw -o -Pbench -DskipTests test-compile exec:java
 * -Dbench.main=org.keyproject.bench.LedgerImportBenchmark} (append {@code -Dexec.args=1000} for fewer rows).
 */
public final class LedgerImportBenchmark {

    private static final int YEAR = 2026;

    private LedgerImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (ConfigurableApplicationContext context = start("--logging.level.org.keyproject.ledger=INFO")) {
            Regions regions = context.getBean(Regions.class);
            LedgerImport ledger = context.getBean(LedgerImport.class);
            DataSource dataSource = context.getBean(DataSource.class);
            CurrentUser admin = (CurrentUser) context.getBean(UserDetailsService.class).loadUserByUsername("admin");
            List<Region> counties = counties(regions, "B", "基准");

            // warm-up, not measured: the first import pays for class loading and the JIT
            ledger.importLedger(workbook(200, counties, "W"), new LedgerImport.Options(YEAR, true, true), admin);

            long started = System.nanoTime();
            byte[] file = workbook(rows, counties, "L");
            double generated = seconds(started);

            LedgerImport.Options dryRun = new LedgerImport.Options(YEAR, true, true);
            started = System.nanoTime();
            LedgerReport preview = ledger.importLedger(file, dryRun, admin);
            double previewSeconds = seconds(started);
            check(preview, rows);

            started = System.nanoTime();
            LedgerReport report = ledger.importLedger(file, new LedgerImport.Options(YEAR, true, false), admin);
            double importSeconds = seconds(started);
            check(report, rows);

            started = System.nanoTime();
            LedgerReport again = ledger.importLedger(file, new LedgerImport.Options(YEAR, true, false), admin);
            double unchangedSeconds = seconds(started);
            if (again.unchanged() != rows) {
                throw new IllegalStateException("a re-import changed " + (rows - again.unchanged()) + " rows");
            }

            byte[] apiFile = workbook(rows, counties, "A");
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            started = System.nanoTime();
            int status = post(port, "/api/v1/imports/ledger?year=" + YEAR + "&createMissing=true", apiFile);
            double apiSeconds = seconds(started);
            if (status != 200) {
                throw new IllegalStateException("the API answered " + status);
            }

            started = System.nanoTime();
            bareInsert(dataSource, rows, counties);
            double jdbcSeconds = seconds(started);

            System.out.printf("%n## Ledger import, %,d rows (%s, %d cores, %s)%n%n", rows, LocalDate.now(),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.printf("File: %,d bytes, generated in %.1f s.%n%n", file.length, generated);
            System.out.println("| step | seconds | rows/s |");
            System.out.println("| --- | ---: | ---: |");
            line("ledger dry run (read, check, apply, roll back)", rows, previewSeconds);
            line("ledger import, all rows new (create, list entry, audit)", rows, importSeconds);
            line("ledger re-import, all rows unchanged", rows, unchangedSeconds);
            line("ledger import through the API (upload, read, check, create, answer)", rows, apiSeconds);
            line("bare JDBC batch insert into organization + project", rows, jdbcSeconds);
            System.out.printf("%nThe import runs at %.0f%% of the bare insert's rate: every row is matched and checked, "
                    + "then projects, stage history, region periods, list entries and the audit trail are written set-based. "
                    + "Heap limit: %,d MB.%n", 100 * jdbcSeconds / importSeconds, Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }

    /**
     * The whole application on a fresh embedded PostgreSQL under target/bench-pg, in Shanghai time and
     * Chinese, logging warnings only unless extra arguments say otherwise.
     */
    static ConfigurableApplicationContext start(String... extra) {
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
        String dataDir = Path.of("target", "bench-pg", UUID.randomUUID().toString()).toString();
        SpringApplication app = new SpringApplication(KeyprojectApplication.class);
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--keyproject.data-dir=" + dataDir,
                "--keyproject.demo=false", "--keyproject.admin-password=bench-admin-password-1", "--logging.level.root=WARN",
                "--spring.main.banner-mode=off"));
        args.addAll(List.of(extra));
        return app.run(args.toArray(String[]::new));
    }

    /** Ten counties under the root, coded prefix1..10 and named name1区..name10区. */
    static List<Region> counties(Regions regions, String prefix, String name) {
        Region root = regions.root().orElseThrow();
        List<Region> counties = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            counties.add(regions.create(new NewRegion(prefix + i, name + i + "区", null, "DISTRICT", root.id())));
        }
        return counties;
    }

    private static void check(LedgerReport report, int rows) {
        if (report.hasErrors() || report.created() != rows) {
            throw new IllegalStateException("the import did not take every row: " + report.errors().stream().limit(5).toList());
        }
    }

    /** A ledger as a county sends it: title row, header, rows with amounts in 亿元 as doubles and text. */
    static byte[] workbook(int rows, List<Region> counties, String prefix) throws IOException {
        return sheet("重点项目", YEAR + "年重点项目建设清单", new String[] {"序号", "项目名称", "建设单位", "县区", "总投资（亿元）",
                "年度计划投资（万元）", "建设性质", "项目类别", "建设内容及规模", "计划开工时间", "包保领导", "备注"}, rows, (row, i) -> {
            row.createCell(1).setCellValue(name(prefix, i));
            row.createCell(2).setCellValue(owner(prefix, i));
            row.createCell(3).setCellValue(counties.get(i % counties.size()).name());
            row.createCell(4).setCellValue(total(i).movePointLeft(4).doubleValue());
            row.createCell(5).setCellValue(total(i).divide(BigDecimal.valueOf(4), 2, java.math.RoundingMode.HALF_UP).toPlainString());
            row.createCell(6).setCellValue(i % 2 == 0 ? "续建" : "新建");
            row.createCell(7).setCellValue(i % 3 == 0 ? "基础设施" : "工业");
            row.createCell(8).setCellValue("新建厂房" + (i % 7 + 1) + "栋，配套设施");
            row.createCell(9).setCellValue(YEAR + "年" + (i % 12 + 1) + "月");
            row.createCell(10).setCellValue("基准领导" + (i % 50));
            row.createCell(11).setCellValue("无");
        });
    }

    /** A streamed one-sheet workbook: a title row, the header, then rows numbered from 1 in column 0 and filled by fill. */
    static byte[] sheet(String name, String title, String[] titles, int rows, java.util.function.ObjIntConsumer<Row> fill)
            throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(500); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet(name);
            sheet.createRow(0).createCell(0).setCellValue(title);
            Row header = sheet.createRow(1);
            for (int c = 0; c < titles.length; c++) {
                header.createCell(c).setCellValue(titles[c]);
            }
            for (int i = 1; i <= rows; i++) {
                Row row = sheet.createRow(i + 1);
                row.createCell(0).setCellValue(i);
                fill.accept(row, i);
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }

    static String owner(String prefix, int i) {
        return "基准建设单位" + prefix + i + "有限公司";
    }

    static String name(String prefix, int i) {
        return "基准项目" + prefix + i;
    }

    /** 500万 to about 5亿, with up to four decimals of 万元 (2.3517亿 and the like). */
    static BigDecimal total(int i) {
        return BigDecimal.valueOf(500L * 10_000 + (long) i * 49_999).movePointLeft(4);
    }

    /** The same rows straight into organization and project, batched, in one transaction: the floor. */
    private static void bareInsert(DataSource dataSource, int rows, List<Region> counties) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            long[] owners = new long[rows + 1];
            try (PreparedStatement ids = connection.prepareStatement("SELECT nextval('organization_id_seq') FROM generate_series(1, ?)")) {
                ids.setInt(1, rows);
                try (var rs = ids.executeQuery()) {
                    for (int i = 1; rs.next(); i++) {
                        owners[i] = rs.getLong(1);
                    }
                }
            }
            try (PreparedStatement owner = connection.prepareStatement(
                    "INSERT INTO organization (id, kind, name, region_id) VALUES (?, 'ENTERPRISE', ?, ?)");
                 PreparedStatement project = connection.prepareStatement("""
                         INSERT INTO project (code, name, owner_id, region_id, content_scale, nature, category, manufacturing,
                             total_investment, stage, planned_start_date)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                         """)) {
                for (int i = 1; i <= rows; i++) {
                    long region = counties.get(i % counties.size()).id();
                    owner.setLong(1, owners[i]);
                    owner.setString(2, "基准直插单位" + i + "有限公司");
                    owner.setLong(3, region);
                    owner.addBatch();
                    project.setString(1, "JDBC" + i);
                    project.setString(2, name("J", i));
                    project.setLong(3, owners[i]);
                    project.setLong(4, region);
                    project.setString(5, "新建厂房" + (i % 7 + 1) + "栋，配套设施");
                    project.setString(6, i % 2 == 0 ? "CONTINUING" : "NEW");
                    project.setString(7, i % 3 == 0 ? "INFRASTRUCTURE" : "INDUSTRIAL");
                    project.setBoolean(8, i % 3 != 0);
                    project.setBigDecimal(9, total(i));
                    project.setString(10, i % 2 == 0 ? "CONSTRUCTION" : "PREPARATION");
                    project.setObject(11, LocalDate.of(YEAR, i % 12 + 1, 1));
                    project.addBatch();
                    if (i % 1000 == 0) {
                        owner.executeBatch();
                        project.executeBatch();
                    }
                }
                owner.executeBatch();
                project.executeBatch();
            }
            connection.commit();
        }
    }

    /** POSTs a file to an import (path and query) as the administrator, as a client would: a multipart upload over HTTP. */
    static int post(int port, String path, byte[] file) throws IOException, InterruptedException {
        String boundary = "bench" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ledger.xlsx\"\r\n"
                + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:bench-admin-password-1".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            System.err.println(response.body().substring(0, Math.min(2_000, response.body().length())));
        }
        return response.statusCode();
    }

    static void line(String step, int rows, double seconds) {
        System.out.printf("| %s | %.1f | %,.0f |%n", step, seconds, rows / seconds);
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
