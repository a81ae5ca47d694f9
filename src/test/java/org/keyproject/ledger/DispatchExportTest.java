package org.keyproject.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.project.ListLevel;
import org.keyproject.project.ProjectDetails;
import org.keyproject.dispatch.DispatchRequests;
import org.keyproject.project.Stage;
import org.keyproject.region.Region;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@IntegrationTest
class DispatchExportTest {

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired TestFixtures fixtures;
    @Autowired DispatchRequests requests;
    @Autowired JdbcClient jdbc;

    TestFixtures.County county;
    UserAccount coordinator;

    @BeforeEach
    void setUp() {
        county = fixtures.county("调度导出");
        coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
    }

    @Test
    void exportedSheetImportsBackWithoutChangingAnyReport() throws Exception {
        ProjectDetails reported = listed(county, county.town(), 2026);
        ProjectDetails reviewed = listed(county, county.region(), 2026);
        ProjectDetails silent = listed(county, county.town(), 2026);
        long period = open(2026, 5);
        JsonNode first = importSheet(Workbooks.xlsx(s -> s
                .row("调度表")
                .row("项目编码", "项目名称", "建设单位", "本月完成投资（万元）", "开复工情况", "实际开工时间", "形象进度", "存在问题")
                .row(reported.code(), reported.name(), reported.ownerName(), 100.25, "已开工", LocalDate.of(2026, 3, 2), "主体施工", "用地待批")
                .row(reviewed.code(), reviewed.name(), reviewed.ownerName(), 40, "未开工", null, null, null)), "2026-05", 200);
        assertThat(first.get("created").asInt()).isEqualTo(2);
        requests.read(requests.send(post("/api/v1/periods/{id}/reports/{p}/review", period, reviewed.id()), coordinator,
                "{\"action\": \"APPROVE\"}"));
        String before = reports(reported, reviewed, silent);

        byte[] exported = export("/api/v1/exports/dispatch?period=2026-05", coordinator.username());

        List<List<String>> rows = Workbooks.rows(exported);
        assertThat(rows.get(0).get(0)).isEqualTo("2026年5月重点项目调度表");
        assertThat(rows.get(1)).containsExactly("序号", "项目编码", "项目名称", "建设单位", "县区", "本月完成投资（万元）",
                "1-5月累计完成投资（万元）", "开复工情况", "实际开工时间", "形象进度", "存在问题");
        assertThat(row(rows, reported).subList(5, 11)).containsExactly("100.25", "100.25", "已开工", "2026-03-02", "主体施工", "用地待批");
        assertThat(row(rows, reviewed).subList(5, 8)).containsExactly("40.00", "40.00", "未开工");
        assertThat(row(rows, silent).stream().skip(5).allMatch(String::isEmpty)).isTrue();
        assertThat(rows.get(rows.size() - 1)).contains("合计", "140.25");

        JsonNode again = importSheet(exported, "2026-05", 200);

        assertThat(again.get("created").asInt()).isZero();
        assertThat(again.get("updated").asInt()).isZero();
        assertThat(again.get("unchanged").asInt()).isEqualTo(2);
        assertThat(reports(reported, reviewed, silent)).isEqualTo(before).contains("COUNTY_REVIEWED");
    }

    @Test
    void countyUsersExportHoldsOnlyTheirCountysProjectsOnTheYearsList() throws Exception {
        TestFixtures.County other = fixtures.county("邻县调度");
        ProjectDetails own = listed(county, county.town(), 2026);
        ProjectDetails neighbours = listed(other, other.region(), 2026);
        ProjectDetails unlisted = fixtures.project("未列入" + fixtures.unique(), county.town(), "3000", Stage.CONSTRUCTION);

        MvcResult result = mvc.perform(get("/api/v1/exports/dispatch").param("period", "2026-06")
                .with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).startsWith(LedgerDownloads.XLSX);
        assertThat(result.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION)).startsWith("attachment").contains(".xlsx");
        List<String> names = Workbooks.rows(result.getResponse().getContentAsByteArray()).stream()
                .map(r -> r.size() > 2 ? r.get(2) : "").toList();
        assertThat(names).contains(own.name()).doesNotContain(neighbours.name(), unlisted.name());
        assertThat(Workbooks.rows(result.getResponse().getContentAsByteArray()).get(1)).contains("1-6月累计完成投资（万元）");
    }

    @Test
    void reportsPageLinksTheMonthsSheetWhichDownloadsWithTheSession() throws Exception {
        ProjectDetails project = listed(county, county.town(), 2026);
        open(2026, 7);

        MvcResult page = mvc.perform(get("/reports").with(user(fixtures.login(coordinator.username())))).andReturn();
        MvcResult sheet = mvc.perform(get("/ledger/export/dispatch").param("period", "2026-07")
                .with(user(fixtures.login(coordinator.username())))).andReturn();

        assertThat(page.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("/ledger/export/dispatch?period=2026-07").contains("导出调度表");
        assertThat(sheet.getResponse().getStatus()).isEqualTo(200);
        assertThat(Workbooks.rows(sheet.getResponse().getContentAsByteArray()).stream().anyMatch(r -> r.contains(project.name())))
                .isTrue();
    }

    // ---- helpers ----

    /** A project in the county (its seat or a town) on the county's list of the year. */
    private ProjectDetails listed(TestFixtures.County in, Region region, int year) {
        ProjectDetails project = fixtures.project("调度导出项目" + fixtures.unique(), region, "10000", Stage.CONSTRUCTION);
        requests.onList(project, year, ListLevel.COUNTY, in.region().id(), "10000");
        return project;
    }

    private long open(int year, int month) throws Exception {
        return requests.month(coordinator, year, month);
    }

    /** Every stored field of the projects' reports that an import could change, in one string. */
    private String reports(ProjectDetails... of) {
        return jdbc.sql("""
                SELECT coalesce(string_agg(concat_ws('|', id, state, version, period_amount, ytd_amount, since_start_amount,
                    started_this_year, started_on, image_progress, problems_text, submitted_by, submitted_at, updated_at), ',' ORDER BY id), '')
                FROM progress_report WHERE project_id = ANY (CAST(? AS bigint[]))
                """).param(java.util.Arrays.stream(of).map(ProjectDetails::id).toArray(Long[]::new)).query(String.class).single();
    }

    private static List<String> row(List<List<String>> rows, ProjectDetails project) {
        return rows.stream().filter(r -> r.contains(project.name())).findFirst().orElseThrow();
    }

    private byte[] export(String url, String username) throws Exception {
        MvcResult result = mvc.perform(get(url).with(httpBasic(username, TestFixtures.PASSWORD))).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return result.getResponse().getContentAsByteArray();
    }

    private JsonNode importSheet(byte[] file, String period, int status) throws Exception {
        MvcResult result = mvc.perform(multipart("/api/v1/imports/dispatch").file(new MockMultipartFile("file", "调度表.xlsx",
                        LedgerDownloads.XLSX, file)).param("period", period).param("dryRun", "false")
                        .with(httpBasic(coordinator.username(), TestFixtures.PASSWORD)))
                .andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        return json.readTree(body);
    }
}
