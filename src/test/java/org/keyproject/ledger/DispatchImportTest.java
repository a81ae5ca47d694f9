package org.keyproject.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.audit.AuditTrail;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.project.ListLevel;
import org.keyproject.project.ProjectDetails;
import org.keyproject.dispatch.DispatchRequests;
import org.keyproject.project.Stage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@IntegrationTest
class DispatchImportTest {

    private static final String[] HEADER = {"项目编码", "项目名称", "建设单位", "本月完成投资（万元）", "开复工情况", "实际开工时间",
            "形象进度", "存在问题"};

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired TestFixtures fixtures;
    @Autowired DispatchRequests requests;
    @Autowired JdbcClient jdbc;
    @Autowired AuditTrail audit;

    TestFixtures.County county;
    UserAccount coordinator;

    @BeforeEach
    void setUp() {
        county = fixtures.county("调度表");
        coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
    }

    @Test
    void periodAmountColumnDerivesYearToDateOverTheMonthBeforeAndSubmitsTheReports() throws Exception {
        ProjectDetails project = listed("10000", 2026);
        open(2026, 4);
        open(2026, 5);
        importSheet(sheet(HEADER, row(project, 100, "已开工", LocalDate.of(2026, 3, 2), "主体施工", "用地待批")), "2026-04", 200);

        JsonNode may = importSheet(sheet(HEADER, row(project, 50.5, "已开工", null, "主体封顶", null)), "2026-05", 200);

        assertThat(may.get("created").asInt()).isEqualTo(1);
        assertThat(may.get("projects").get(0).get("projectId").asLong()).isEqualTo(project.id());
        assertThat(report(project, "2026-05-01")).isEqualTo("SUBMITTED 50.5000 150.5000 t 2026-03-02 主体封顶");
        assertThat(audit.group(UUID.fromString(may.get("importId").asText())))
                .anySatisfy(e -> assertThat(e.entityType()).isEqualTo("progress_report"));
    }

    @Test
    void yearToDateColumnOfThePeriodsMonthDerivesThePeriodAmountAndAnotherMonthIsRefusedNamingTheColumn() throws Exception {
        ProjectDetails project = listed("10000", 2026);
        open(2026, 4);
        open(2026, 5);
        importSheet(sheet(HEADER, row(project, 100, null, null, null, null)), "2026-04", 200);
        String[] ytdHeader = {"项目编码", "项目名称", "建设单位", "1-5月完成投资（万元）"};

        importSheet(sheet(ytdHeader, new Object[] {project.code(), project.name(), project.ownerName(), 260}), "2026-05", 200);
        assertThat(report(project, "2026-05-01")).startsWith("SUBMITTED 160.0000 260.0000");

        String[] wrongMonth = {"项目编码", "项目名称", "建设单位", "1-4月完成投资（万元）"};
        JsonNode refused = importSheet(sheet(wrongMonth, new Object[] {project.code(), project.name(), project.ownerName(), 300}),
                "2026-05", 400);
        assertThat(refused.get("errors").get(0).get("column").asText()).isEqualTo("1-4月完成投资（万元）");
        assertThat(refused.get("errors").get(0).get("message").asText()).contains("1-5月完成投资");
        assertThat(report(project, "2026-05-01")).startsWith("SUBMITTED 160.0000 260.0000");
    }

    @Test
    void sheetWithOneBadRowImportsNothingAndNamesEveryBadRow() throws Exception {
        ProjectDetails good = listed("10000", 2026);
        ProjectDetails small = listed("2000", 2026);
        open(2026, 6);

        JsonNode refused = importSheet(sheet(HEADER, row(good, 80, "已开工", null, null, null), row(small, 2500, null, null, null, null),
                new Object[] {null, "没有的项目" + fixtures.unique(), "无名公司", 5}), "2026-06", 400);

        List<String> errors = new java.util.ArrayList<>();
        refused.get("errors").forEach(e -> errors.add(e.get("row").asInt() + " " + e.get("column").asText() + " " + e.get("message").asText()));
        assertThat(errors).containsExactly("4 本月完成投资（万元） 累计完成投资不能超过项目总投资 2,000 万元",
                "5 项目名称 找不到该项目（按项目编码，或项目名称与建设单位，在您的数据范围内）");
        assertThat(jdbc.sql("SELECT count(*) FROM progress_report WHERE project_id IN (?, ?)").params(good.id(), small.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void importIntoAClosedPeriodIsRefusedPointingToRevisions() throws Exception {
        ProjectDetails project = listed("10000", 2026);
        long period = open(2026, 7);
        mvc.perform(post("/api/v1/periods/{id}/close", period).with(httpBasic(coordinator.username(), TestFixtures.PASSWORD)))
                .andReturn();
        assertThat(jdbc.sql("SELECT state FROM report_period WHERE id = ?").param(period).query(String.class).single()).isEqualTo("CLOSED");

        JsonNode refused = importSheet(sheet(HEADER, row(project, 10, null, null, null, null)), "2026-07", 400);

        assertThat(refused.get("errors").get(0).get("message").asText()).contains("已关账").contains("更正");
        assertThat(jdbc.sql("SELECT count(*) FROM progress_report WHERE project_id = ?").param(project.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void coordinatorsImportIntoAMonthNotYetOpenOpensItForTheirRegion() throws Exception {
        ProjectDetails project = listed("10000", 2025);
        assertThat(periodsOfRegion("2025-08-01")).isZero();

        importSheet(sheet(HEADER, row(project, 30, "已复工", null, null, null)), "2025-08", 200);

        assertThat(periodsOfRegion("2025-08-01")).isEqualTo(1);
        assertThat(report(project, "2025-08-01")).startsWith("SUBMITTED 30.0000 30.0000 t");
    }

    @Test
    void warningsAreStoredOnTheReportsWithoutBlockingTheImport() throws Exception {
        ProjectDetails project = listed("10000", "100", 2026);
        open(2026, 8);

        importSheet(sheet(HEADER, row(project, 150, "已开工", null, null, null)), "2026-08", 200);

        assertThat(jdbc.sql("""
                SELECT string_agg(w.code || ':' || coalesce(w.explanation, '-'), ',') FROM report_warning w
                JOIN progress_report pr ON pr.id = w.report_id JOIN report_period rp ON rp.id = pr.period_id
                WHERE pr.project_id = ? AND rp.starts_on = DATE '2026-08-01'
                """).param(project.id()).query(String.class).single()).isEqualTo("YTD_ABOVE_PLAN:-");
    }

    @Test
    void ledgerWithThePeriodsColumnsCreatesTheProjectsAndTheirReportsInOneImport() throws Exception {
        String u = fixtures.unique();
        byte[] file = ledgerWithPeriod(new Object[] {"甲项目" + u, "甲公司" + u, county.region().name(), 5000, 3000, "新建", 120, "已开工", "基础施工"},
                new Object[] {"乙项目" + u, "乙公司" + u, county.town().name(), 8000, 2000, "续建", 60.5, "已复工", null});

        JsonNode answer = importLedgerWithPeriod(file, "2025-09", 200);

        assertThat(answer.get("created").asInt()).isEqualTo(2);
        assertThat(answer.get("year").asInt()).isEqualTo(2025);
        assertThat(answer.get("reports").get("period").asText()).isEqualTo("2025-09");
        assertThat(answer.get("reports").get("created").asInt()).isEqualTo(2);
        assertThat(answer.get("reports").get("rows").get(1).get("row").asInt()).isEqualTo(4);
        assertThat(reportOf("乙项目" + u, "2025-09-01")).startsWith("SUBMITTED 60.5000 60.5000 t");
        assertThat(reportOf("甲项目" + u, "2025-09-01")).startsWith("SUBMITTED 120.0000 120.0000 t").endsWith("基础施工");
        assertThat(periodsOfRegion("2025-09-01")).isEqualTo(1);
        assertThat(audit.group(UUID.fromString(answer.get("importId").asText())))
                .anySatisfy(e -> assertThat(e.entityType()).isEqualTo("progress_report"))
                .anySatisfy(e -> assertThat(e.entityType()).isEqualTo("project"));
    }

    @Test
    void ledgerWithOneBadPeriodCellLeavesNeitherProjectsNorReportsAndNamesTheRow() throws Exception {
        String u = fixtures.unique();
        byte[] file = ledgerWithPeriod(new Object[] {"丙项目" + u, "丙公司" + u, county.region().name(), 5000, 3000, "新建", 10, null, null},
                new Object[] {"丁项目" + u, "丁公司" + u, county.town().name(), 8000, 2000, "续建", -5, null, null});

        JsonNode refused = importLedgerWithPeriod(file, "2025-10", 400);

        assertThat(refused.get("errors")).hasSize(1);
        assertThat(refused.get("errors").get(0).get("row").asInt()).isEqualTo(4);
        assertThat(refused.get("errors").get(0).get("column").asText()).isEqualTo("本月完成投资（万元）");
        assertThat(jdbc.sql("SELECT count(*) FROM project WHERE name IN (?, ?)").params("丙项目" + u, "丁项目" + u)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                SELECT count(*) FROM progress_report pr JOIN report_period rp ON rp.id = pr.period_id
                WHERE rp.region_id = ? AND rp.starts_on = DATE '2025-10-01'
                """).param(county.region().id()).query(Long.class).single()).isZero();
    }

    // ---- helpers ----

    private ProjectDetails listed(String total, int year) {
        return listed(total, total, year);
    }

    private ProjectDetails listed(String total, String planned, int year) {
        ProjectDetails project = fixtures.project("调度表项目" + fixtures.unique(), county.town(), total, Stage.CONSTRUCTION);
        requests.onList(project, year, ListLevel.COUNTY, county.region().id(), planned);
        return project;
    }

    private long open(int year, int month) throws Exception {
        return requests.month(coordinator, year, month);
    }

    private long periodsOfRegion(String startsOn) {
        return jdbc.sql("SELECT count(*) FROM report_period WHERE region_id = ? AND cadence = 'MONTHLY' AND starts_on = CAST(? AS date)")
                .params(county.region().id(), startsOn).query(Long.class).single();
    }

    /** The report as "state period ytd startedThisYear startedOn image problems". */
    private String report(ProjectDetails project, String startsOn) {
        return reportOf(project.name(), startsOn);
    }

    private static Object[] row(ProjectDetails project, Number amount, String state, LocalDate startedOn, String image,
                                String problems) {
        return new Object[] {project.code(), project.name(), project.ownerName(), amount, state, startedOn, image, problems};
    }

    private static byte[] sheet(String[] header, Object[]... rows) {
        return Workbooks.xlsx(s -> {
            s.row("调度表");
            s.row((Object[]) header);
            for (Object[] r : rows) {
                s.row(r);
            }
        });
    }

    /** A ledger (title row, project columns) that also carries the period's columns. */
    private static byte[] ledgerWithPeriod(Object[]... rows) {
        return sheet(new String[] {"项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质",
                "本月完成投资（万元）", "开复工情况", "形象进度"}, rows);
    }

    private JsonNode importLedgerWithPeriod(byte[] file, String period, int status) throws Exception {
        MvcResult result = mvc.perform(multipart("/api/v1/imports/ledger").file(new MockMultipartFile("file", "台账.xlsx",
                        LedgerImportTest.XLSX, file)).param("period", period).param("createMissing", "true")
                        .with(httpBasic(coordinator.username(), TestFixtures.PASSWORD)))
                .andReturn();
        String body = result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        return json.readTree(body);
    }

    /** The report of the project so named, as {@link #report} gives it. */
    private String reportOf(String projectName, String startsOn) {
        return jdbc.sql("""
                SELECT concat_ws(' ', pr.state, pr.period_amount, pr.ytd_amount, pr.started_this_year, pr.started_on,
                                 pr.image_progress, pr.problems_text)
                FROM progress_report pr JOIN report_period rp ON rp.id = pr.period_id JOIN project p ON p.id = pr.project_id
                WHERE p.name = ? AND rp.starts_on = CAST(? AS date)
                """).params(projectName, startsOn).query(String.class).single();
    }

    private JsonNode importSheet(byte[] file, String period, int status) throws Exception {
        MvcResult result = mvc.perform(multipart("/api/v1/imports/dispatch").file(new MockMultipartFile("file", "调度表.xlsx",
                        LedgerImportTest.XLSX, file)).param("period", period)
                        .with(httpBasic(coordinator.username(), TestFixtures.PASSWORD)))
                .andReturn();
        String body = result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        return json.readTree(body);
    }
}
