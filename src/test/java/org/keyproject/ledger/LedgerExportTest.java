package org.keyproject.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

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
import org.keyproject.region.Regions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@IntegrationTest
class LedgerExportTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    TestFixtures fixtures;
    @Autowired
    Regions regions;
    @Autowired
    ObjectMapper json;

    TestFixtures.County county;
    String coordinator;
    String u;

    @BeforeEach
    void setUp() {
        county = fixtures.county("导出");
        coordinator = fixtures.user(Role.COORDINATOR, regions.root().orElseThrow(), null).username();
        u = fixtures.unique();
    }

    @Test
    void exportedLedgerImportsBackWithoutChangingAnything() throws Exception {
        byte[] original = Workbooks.xlsx(s -> s
                .row("2029年重点项目清单")
                .row("序号", "项目名称", "建设单位", "县区", "建设地点", "总投资（亿元）", "年度计划投资（万元）", "建设性质",
                        "项目类别", "建设内容及规模", "计划开工时间", "计划竣工时间", "包保领导", "责任单位", "项目专员", "工作专班")
                .row(1, "甲项目" + u, "甲公司" + u, county.region().name(), "工业园区1号", 2.3517, "2,351.7", "新建", "工业",
                        "新建厂房3栋，年产10万吨", LocalDate.of(2029, 4, 1), LocalDate.of(2030, 12, 31), "领导" + u,
                        "发改局" + u, "专员" + u, "甲项目专班")
                .row(2, "乙项目" + u, "乙公司" + u, county.town().name(), null, "0.12345678", "1234.5678", "续建", "基础设施",
                        null, "2027.3", null, "领导" + u, null, null, null)
                .row(3, "丙项目" + u, "丙公司" + u, county.region().name(), null, 1, 0, "续建", "社会民生"));
        JsonNode first = importLedger(original, "?createMissing=true", 200);
        assertThat(first.get("created").asInt()).isEqualTo(3);

        byte[] exported = export("/api/v1/exports/ledger?regionId=" + county.region().id() + "&listYear=2029");

        List<List<String>> rows = Workbooks.rows(exported);
        assertThat(rows.get(0).get(0)).isEqualTo("2029年重点项目台账");
        assertThat(rows.get(1)).startsWith("序号", "项目编码", "项目名称", "建设单位", "县区", "建设地点", "建设性质", "项目类别",
                "所属行业", "总投资（万元）", "年度计划投资（万元）", "建设内容及规模", "计划开工时间", "计划竣工时间", "实际开工时间", "实际竣工时间", "包保领导",
                "责任单位", "项目专员", "工作专班");
        assertThat(rows).hasSize(2 + 3 + 1);
        assertThat(rows.get(5)).contains("合计");
        assertThat(rows.stream().filter(r -> r.contains("甲项目" + u)).findFirst().orElseThrow()).contains("23,517.00", "2,351.70");

        JsonNode again = importLedger(exported, "", 200);

        assertThat(again.get("year").asInt()).isEqualTo(2029);
        assertThat(again.get("created").asInt()).isZero();
        assertThat(again.get("updated").asInt()).isZero();
        assertThat(again.get("unchanged").asInt()).isEqualTo(3);
        assertThat(again.get("ignoredColumns")).isEmpty();
    }

    @Test
    void countyUsersExportContainsOnlyItsProjects() throws Exception {
        TestFixtures.County other = fixtures.county("邻区");
        fixtures.project("本县项目" + u, county.town(), "1500");
        fixtures.project("邻县项目" + u, other.region(), "2500");
        String countyUser = fixtures.user(Role.COORDINATOR, county.region(), null).username();

        MvcResult result = mvc.perform(get("/api/v1/exports/ledger").with(httpBasic(countyUser, TestFixtures.PASSWORD))).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).startsWith(LedgerDownloads.XLSX);
        assertThat(result.getResponse().getHeader(HttpHeaders.CONTENT_DISPOSITION))
                .startsWith("attachment").contains("filename*=UTF-8''").contains(".xlsx");
        List<String> names = Workbooks.rows(result.getResponse().getContentAsByteArray()).stream()
                .map(r -> r.size() > 2 ? r.get(2) : "").toList();
        assertThat(names).contains("本县项目" + u).doesNotContain("邻县项目" + u);
    }

    @Test
    void pageUsersExportWithTheirSessionLogin() throws Exception {
        fixtures.project("页面导出" + u, county.region(), "900");

        MvcResult result = mvc.perform(get("/ledger/export").param("regionId", String.valueOf(county.region().id()))
                .param("year", "2030").with(user(fixtures.login(coordinator)))).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        List<List<String>> rows = Workbooks.rows(result.getResponse().getContentAsByteArray());
        assertThat(rows.get(0).get(0)).isEqualTo("2030年重点项目台账");
        assertThat(rows.stream().anyMatch(r -> r.contains("页面导出" + u))).isTrue();
    }

    byte[] export(String url) throws Exception {
        MvcResult result = mvc.perform(get(url).with(httpBasic(coordinator, TestFixtures.PASSWORD))).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return result.getResponse().getContentAsByteArray();
    }

    JsonNode importLedger(byte[] file, String query, int status) throws Exception {
        MvcResult result = mvc.perform(multipart("/api/v1/imports/ledger" + query)
                        .file(new MockMultipartFile("file", "台账.xlsx", LedgerDownloads.XLSX, file))
                        .with(httpBasic(coordinator, TestFixtures.PASSWORD)))
                .andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        return json.readTree(body);
    }
}
