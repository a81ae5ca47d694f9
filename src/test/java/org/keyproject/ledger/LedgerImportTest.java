package org.keyproject.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.audit.AuditEntry;
import org.keyproject.audit.AuditTrail;
import org.keyproject.people.Role;
import org.keyproject.project.ProjectDetails;
import org.keyproject.region.NewRegion;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@IntegrationTest
class LedgerImportTest {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Autowired
    MockMvc mvc;
    @Autowired
    TestFixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AuditTrail audit;
    @Autowired
    Regions regions;
    @Autowired
    ObjectMapper json;

    TestFixtures.County county;
    String coordinator;
    String u;

    @BeforeEach
    void setUp() {
        county = fixtures.county("台账");
        coordinator = fixtures.user(Role.COORDINATOR, regions.root().orElseThrow(), null).username();
        u = fixtures.unique();
    }

    @Test
    void messyLedgerWithTitleRowsSynonymsShuffledColumnsYiUnitsAndTotalRowsImportsExactly() throws Exception {
        String region = county.region().name();
        byte[] file = Workbooks.xlsx(s -> s
                .row("2026年重点项目建设清单").merge(0, 0, 0, 10)
                .row("填报单位：发改委", null, null, null, null, null, null, null, "单位：万元")
                .row("项目 单位", "序号", "所在县区", "项目名称", "计划总投资\n（亿元）", "本年计划投资(万元)", "建设性质",
                        "类 别", "建设内容", "计划开工日期", "备注")
                .row("合 计", null, null, null, 3.1517, "3551.7")
                .row("甲公司" + u, 1, region, "甲项目" + u, 2.3517, "2,351.7", "新建", "工业", "新建厂房3栋",
                        LocalDate.of(2026, 5, 10), "重点推进")
                .row("乙公司" + u, 2, region, "乙项目" + u, "0.8亿", "1200万", "续建", "基础设施", null,
                        "2025年3月", null)
                .row("", null, "", "", null, null)
                .row("合计", null, null, null, 3.1517, 3551.7)
                .row(null, "", null, "  "));

        JsonNode report = importLedger(file, coordinator, "", 200);

        assertThat(report.get("year").asInt()).isEqualTo(2026);
        assertThat(report.get("created").asInt()).isEqualTo(2);
        assertThat(report.get("updated").asInt()).isZero();
        assertThat(report.get("rows").asInt()).isEqualTo(2);
        assertThat(texts(report.get("ignoredColumns"))).containsExactly("备注");
        assertThat(totalOf("甲项目" + u)).isEqualByComparingTo("23517.0000");
        assertThat(totalOf("甲项目" + u).scale()).isEqualTo(4);
        assertThat(totalOf("乙项目" + u)).isEqualByComparingTo("8000");
        assertThat(plannedOf("甲项目" + u, 2026)).isEqualByComparingTo("2351.7");
        assertThat(plannedOf("乙项目" + u, 2026)).isEqualByComparingTo("1200");
        assertThat(jdbc.sql("SELECT e.target || '/' || coalesce(e.planned_start_month, 0) FROM annual_list_entry e JOIN project p ON p.id = e.project_id WHERE p.name = ?")
                .param("甲项目" + u).query(String.class).single()).isEqualTo("START/5");
        assertThat(jdbc.sql("SELECT e.target FROM annual_list_entry e JOIN project p ON p.id = e.project_id WHERE p.name = ?")
                .param("乙项目" + u).query(String.class).single()).isEqualTo("CONTINUE");
        assertThat(jdbc.sql("SELECT manufacturing FROM project WHERE name = ?").param("甲项目" + u).query(Boolean.class).single()).isTrue();
        assertThat(countProjects("%" + u)).isEqualTo(2);
    }

    @Test
    void mergedTwoRowHeaderIsReadAsOneHeaderWithTheUnitOfTheMergedTitle() throws Exception {
        Region zone = regions.create(new NewRegion("Z" + u, "临河" + u + "经济开发区", null, "ZONE", regions.root().orElseThrow().id()));
        byte[] file = Workbooks.xlsx(s -> s
                .row("2027年市级重点项目")
                .row("序号", "项目名称", "业主单位", "属地", "投资情况（亿元）", null, "建设性质", "项目类别")
                .row(null, null, null, null, "总投资", "年度投资计划", null, null)
                .merge(1, 2, 0, 0).merge(1, 2, 1, 1).merge(1, 2, 2, 2).merge(1, 2, 3, 3).merge(1, 1, 4, 5)
                .merge(1, 2, 6, 6).merge(1, 2, 7, 7)
                .row(1, "丙项目" + u, "丙公司" + u, zone.shortName(), 1.05, 0.3, "续建", "社会民生"));

        JsonNode report = importLedger(file, coordinator, "", 200);

        assertThat(report.get("year").asInt()).isEqualTo(2027);
        assertThat(report.get("created").asInt()).isEqualTo(1);
        JsonNode columns = report.get("columns");
        assertThat(columns.findValuesAsText("field")).contains("TOTAL_INVESTMENT", "PLANNED_INVESTMENT", "REGION", "OWNER");
        assertThat(totalOf("丙项目" + u)).isEqualByComparingTo("10500");
        assertThat(plannedOf("丙项目" + u, 2027)).isEqualByComparingTo("3000");
    }

    @Test
    void wrongTotalRowFailsNamingTheRowAndWritesNothing() throws Exception {
        long before = countProjects("%" + u);
        byte[] file = Workbooks.xlsx(s -> s
                .row("序号", "项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别")
                .row(1, "丁项目" + u, "丁公司" + u, county.region().name(), 1000, 300, "续建", "产业", null)
                .row("合计", null, null, null, 1001, 300));

        JsonNode problem = importLedger(file, coordinator, "?year=2026", 400);

        JsonNode error = problem.get("errors").get(0);
        assertThat(error.get("row").asInt()).isEqualTo(3);
        assertThat(error.get("column").asText()).isEqualTo("总投资（万元）");
        assertThat(error.get("message").asText()).contains("合计", "1,001", "1,000");
        assertThat(error.get("sheet").asText()).isEqualTo("重点项目");
        assertThat(countProjects("%" + u)).isEqualTo(before);
    }

    @Test
    void ledgerWithOneBadRowImportsNothingAndNamesTheRow() throws Exception {
        byte[] file = Workbooks.xlsx(s -> s
                .row("2026年重点项目")
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别", "计划开工时间")
                .row("戊项目" + u, "戊公司" + u, county.region().name(), 800, 100, "续建", "产业")
                .row("己项目" + u, "己公司" + u, county.region().name(), 300, 100, "续建", "产业")
                .row("庚项目" + u, "庚公司" + u, county.region().name(), 900, 100, "续建", "产业"));

        JsonNode problem = importLedger(file, coordinator, "", 400);

        assertThat(problem.get("title").asText()).isEqualTo("台账有误，未导入任何内容");
        assertThat(problem.get("errors")).hasSize(1);
        JsonNode error = problem.get("errors").get(0);
        assertThat(error.get("row").asInt()).isEqualTo(4);
        assertThat(error.get("column").asText()).isEqualTo("总投资（万元）");
        assertThat(error.get("message").asText()).contains("500万元");
        assertThat(countProjects("%" + u)).isZero();
    }

    @Test
    void everyRowThatBreaksARuleOfTheLibraryIsNamedInOneReport() throws Exception {
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别")
                .row("坤项目" + u, "坤公司" + u, county.region().name(), 499.99, 100, "续建", "产业")
                .row("震项目" + u, "震公司" + u, county.region().name(), 800, 100, "续建", "产业")
                .row("巽项目" + u, "巽公司" + u, county.region().name(), "0.03亿", 100, "续建", "产业"));

        JsonNode problem = importLedger(file, coordinator, "?year=2026", 400);

        assertThat(problem.get("errors").findValuesAsText("row")).containsExactly("2", "4");
        assertThat(problem.get("errors").findValuesAsText("column")).containsOnly("总投资（万元）");
        assertThat(countProjects("%" + u)).isZero();
    }

    @Test
    void unknownRegionAndUnreadableAmountAreReportedTogetherAndNothingIsWritten() throws Exception {
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别")
                .row("辛项目" + u, "辛公司" + u, "不存在的区" + u, 800, 100, "续建", "产业")
                .row("壬项目" + u, "壬公司" + u, county.region().name(), "八百", 100, "续建", "产业")
                .row("癸项目" + u, "癸公司" + u, county.region().name(), 900, 100, "续建", "产业"));

        JsonNode problem = importLedger(file, coordinator, "?year=2026", 400);

        assertThat(problem.get("errors")).hasSize(2);
        assertThat(problem.get("errors").get(0).get("row").asInt()).isEqualTo(2);
        assertThat(problem.get("errors").get(0).get("column").asText()).isEqualTo("县区");
        assertThat(problem.get("errors").get(0).get("message").asText()).contains("不存在");
        assertThat(problem.get("errors").get(1).get("row").asInt()).isEqualTo(3);
        assertThat(problem.get("errors").get(1).get("message").asText()).contains("八百");
        assertThat(countProjects("%" + u)).isZero();
    }

    @Test
    void unknownLeaderIsARowErrorUnlessCreateMissingAddsThemAsContacts() throws Exception {
        String leader = "领导" + u;
        String department = "住建局" + u;
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别",
                        "包抓领导", "牵头单位", "项目管家")
                .row("子项目" + u, "子公司" + u, county.region().name(), 5000, 1000, "续建", "产业", leader, department,
                        "管家" + u));

        JsonNode refused = importLedger(file, coordinator, "?year=2026", 400);
        assertThat(refused.get("errors").findValuesAsText("column")).containsExactlyInAnyOrder("包抓领导", "牵头单位", "项目管家");
        assertThat(refused.get("errors").get(0).get("message").asText()).contains(leader);
        assertThat(countProjects("%" + u)).isZero();

        JsonNode report = importLedger(file, coordinator, "?year=2026&createMissing=true", 200);
        assertThat(report.get("created").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT u.role || '/' || (u.username IS NULL) FROM project p JOIN app_user u ON u.id = p.leader_id WHERE p.name = ?")
                .param("子项目" + u).query(String.class).single()).isEqualTo("LEADER/true");
        assertThat(jdbc.sql("SELECT o.kind || '/' || o.contact_only FROM project p JOIN organization o ON o.id = p.department_id WHERE p.name = ?")
                .param("子项目" + u).query(String.class).single()).isEqualTo("DEPARTMENT/true");
        assertThat(jdbc.sql("SELECT u.role FROM project p JOIN app_user u ON u.id = p.commissioner_id WHERE p.name = ?")
                .param("子项目" + u).query(String.class).single()).isEqualTo("COMMISSIONER");
    }

    @Test
    void existingProjectIsUpdatedByCodeAndItsUnchangedNeighbourIsLeftAlone() throws Exception {
        ProjectDetails changed = fixtures.project("丑项目" + u, county.region(), "2000");
        ProjectDetails same = fixtures.project("寅项目" + u, county.region(), "3000");
        byte[] first = Workbooks.xlsx(s -> s
                .row("项目编码", "项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别", "计划开工时间")
                .row(changed.code(), changed.name(), changed.ownerName(), county.region().name(), 2000, 500, "续建", "工业")
                .row(same.code(), same.name(), same.ownerName(), county.region().name(), 3000, 600, "新建", "工业", "2028.6"));
        importLedger(first, coordinator, "?year=2028", 200);

        byte[] second = Workbooks.xlsx(s -> s
                .row("项目代码", "项目名称", "项目单位", "地区", "总投资（亿元）", "年度计划投资（万元）", "建设性质", "项目类别", "开工时间")
                .row(changed.code(), changed.name() + "（一期）", changed.ownerName(), county.region().name(), 0.25, 500, "续建", "工业")
                .row(same.code(), same.name(), same.ownerName(), county.region().name(), 0.3, 600, "新建", "工业", "2028年6月"));
        JsonNode report = importLedger(second, coordinator, "?year=2028", 200);

        assertThat(report.get("created").asInt()).isZero();
        assertThat(report.get("updated").asInt()).isEqualTo(1);
        assertThat(report.get("unchanged").asInt()).isEqualTo(1);
        assertThat(totalOf(changed.name() + "（一期）")).isEqualByComparingTo("2500");
        assertThat(jdbc.sql("SELECT count(*) FROM project WHERE code = ?").param(changed.code()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void countyUsersImportOfARowForAnotherCountyIsRefused() throws Exception {
        TestFixtures.County other = fixtures.county("邻县");
        String countyCoordinator = fixtures.user(Role.COORDINATOR, county.region(), null).username();
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别")
                .row("卯项目" + u, "卯公司" + u, county.region().name(), 800, 100, "续建", "产业")
                .row("辰项目" + u, "辰公司" + u, other.region().name(), 900, 100, "续建", "产业"));

        JsonNode problem = importLedger(file, countyCoordinator, "?year=2026", 400);

        assertThat(problem.get("errors")).hasSize(1);
        assertThat(problem.get("errors").get(0).get("row").asInt()).isEqualTo(3);
        assertThat(problem.get("errors").get(0).get("message").asText()).contains("不在您的数据范围内");
        assertThat(countProjects("%" + u)).isZero();

        byte[] own = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别")
                .row("卯项目" + u, "卯公司" + u, county.town().name(), 800, 100, "续建", "产业"));
        importLedger(own, countyCoordinator, "?year=2026", 200);
        assertThat(jdbc.sql("SELECT l.level || '/' || l.region_id FROM annual_list_entry e JOIN annual_list l ON l.id = e.list_id JOIN project p ON p.id = e.project_id WHERE p.name = ?")
                .param("卯项目" + u).query(String.class).single()).isEqualTo("COUNTY/" + county.region().id());
    }

    @Test
    void everyChangeOfAnImportIsAuditedUnderTheImportIdAndTheImportingUser() throws Exception {
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别")
                .row("巳项目" + u, "巳公司" + u, county.region().name(), 800, 100, "续建", "产业")
                .row("午项目" + u, "午公司" + u, county.region().name(), 900, 100, "续建", "产业"));

        JsonNode report = importLedger(file, coordinator, "?year=2026", 200);

        List<AuditEntry> entries = audit.group(UUID.fromString(report.get("importId").asText()));
        long userId = fixtures.login(coordinator).id();
        assertThat(entries).hasSizeGreaterThanOrEqualTo(4);
        assertThat(entries).allSatisfy(e -> assertThat(e.actorId()).isEqualTo(userId));
        assertThat(entries).extracting(AuditEntry::action).contains("CREATE", "LIST_ENTRY_ADD");
    }

    @Test
    void dryRunShowsHowColumnsWereUnderstoodAndWritesNothing() throws Exception {
        byte[] file = Workbooks.xlsx(s -> s
                .row("2026年重点项目")
                .row("序号", "项目名称", "建设单位", "县区", "总投资（亿元）", "年度计划投资", "建设性质", "项目类别", "联系电话")
                .row(1, "未项目" + u, "未公司" + u, county.region().name(), 1.5, 2000, "续建", "产业", "123"));

        JsonNode preview = importLedger(file, coordinator, "?dryRun=true", 200);

        assertThat(preview.get("dryRun").asBoolean()).isTrue();
        assertThat(preview.get("applied").asBoolean()).isFalse();
        assertThat(preview.get("rows").asInt()).isEqualTo(1);
        assertThat(preview.get("created").asInt()).isEqualTo(1);
        JsonNode total = preview.get("columns").get(4);
        assertThat(total.get("title").asText()).isEqualTo("总投资（亿元）");
        assertThat(total.get("field").asText()).isEqualTo("TOTAL_INVESTMENT");
        assertThat(total.get("unit").asText()).isEqualTo("亿元");
        assertThat(preview.get("columns").get(5).get("unit").asText()).isEqualTo("万元");
        assertThat(texts(preview.get("ignoredColumns"))).containsExactly("联系电话");
        assertThat(countProjects("%" + u)).isZero();
    }

    @Test
    void oldXlsFileIsReadAndTheYearComesFromAHeaderLike2026年计划投资() throws Exception {
        byte[] file = Workbooks.xls(s -> s
                .row("县区", "项目名称", "建设单位", "总投资(万元)", "2031年计划投资(万元)", "建设性质", "项目类别", "年度目标",
                        "计划开工时间")
                .row(county.region().name(), "酉项目" + u, "酉公司" + u, "1,000.5", 100.25, "新建", "社会民生", "年内新开工",
                        LocalDate.of(2031, 9, 1)));

        JsonNode report = importLedger(file, coordinator, "", 200);

        assertThat(report.get("year").asInt()).isEqualTo(2031);
        assertThat(totalOf("酉项目" + u)).isEqualByComparingTo("1000.5");
        assertThat(plannedOf("酉项目" + u, 2031)).isEqualByComparingTo("100.25");
        assertThat(jdbc.sql("SELECT e.target || '/' || e.planned_start_month FROM annual_list_entry e JOIN project p ON p.id = e.project_id WHERE p.name = ?")
                .param("酉项目" + u).query(String.class).single()).isEqualTo("START/9");
    }

    @Test
    void theSameProjectTwiceInOneFileIsAnError() throws Exception {
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别")
                .row("戌项目" + u, "戌公司" + u, county.region().name(), 800, 100, "续建", "产业")
                .row("戌项目" + u, "戌公司" + u, county.region().name(), 800, 100, "续建", "产业"));

        JsonNode problem = importLedger(file, coordinator, "?year=2026", 400);

        assertThat(problem.get("errors").get(0).get("row").asInt()).isEqualTo(3);
        assertThat(problem.get("errors").get(0).get("message").asText()).isEqualTo("与第 2 行是同一项目");
        assertThat(countProjects("%" + u)).isZero();
    }

    @Test
    void aFileThatIsNotASpreadsheetIsRefused() throws Exception {
        JsonNode problem = importLedger("项目名称,建设单位".getBytes(java.nio.charset.StandardCharsets.UTF_8), coordinator, "?year=2026", 400);

        assertThat(problem.get("errors").get(0).get("message").asText()).contains(".xlsx");
        assertThat(problem.get("errors").get(0).get("row").isNull()).isTrue();
    }

    @Test
    void onlyCoordinatorsMayImport() throws Exception {
        String leader = fixtures.user(Role.LEADER, county.region(), null).username();
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别")
                .row("亥项目" + u, "亥公司" + u, county.region().name(), 800, 100, "续建", "产业"));

        importLedger(file, leader, "?year=2026", 403);

        assertThat(countProjects("%" + u)).isZero();
    }

    @Test
    void fileWithoutYearIsRefused() throws Exception {
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别")
                .row("申项目" + u, "申公司" + u, county.region().name(), 800, 100, "续建", "产业"));

        JsonNode problem = importLedger(file, coordinator, "", 400);

        assertThat(problem.get("errors").get(0).get("message").asText()).contains("年度");
    }

    @Test
    void sectionRowsGiveTheCategoryWhenThereIsNoCategoryColumn() throws Exception {
        String region = county.region().name();
        byte[] file = Workbooks.xlsx(s -> s
                .row("2026年市重点建设项目进展情况表")
                .row("序号", "项目名称", "建设单位", "县区", "总投资（万元）", "2026年计划投资（万元）", "建设性质")
                .row("一、产业项目（2个）")
                .row(1, "产甲" + u, "产甲公司" + u, region, 5000, 1000, "续建")
                .row(2, "产乙" + u, "产乙公司" + u, region, 6000, 1000, "续建")
                .row("二、基础设施项目")
                .row(1, "基甲" + u, "基甲公司" + u, region, 7000, 1000, "续建")
                .row("（三）社会民生项目")
                .row(1, "民甲" + u, "民甲公司" + u, region, 8000, 1000, "续建"));

        JsonNode report = importLedger(file, coordinator, "", 200);

        assertThat(report.get("created").asInt()).isEqualTo(4);
        assertThat(report.get("warnings")).isEmpty();
        assertThat(categoryOf("产甲" + u)).isEqualTo("INDUSTRIAL");
        assertThat(categoryOf("产乙" + u)).isEqualTo("INDUSTRIAL");
        assertThat(categoryOf("基甲" + u)).isEqualTo("INFRASTRUCTURE");
        assertThat(categoryOf("民甲" + u)).isEqualTo("SOCIAL");
    }

    @Test
    void industryValuesGiveTheCategoryByNameOrByTheIndustrysRegisteredCategory() throws Exception {
        jdbc.sql("INSERT INTO industry (name, category, manufacturing) VALUES (?, 'INDUSTRIAL', true)").param("新材料" + u).update();
        String region = county.region().name();
        byte[] file = Workbooks.xlsx(s -> s
                .row("序号", "项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "行业")
                .row(1, "行甲" + u, "行甲公司" + u, region, 5000, 1000, "续建", "新材料" + u)
                .row(2, "行乙" + u, "行乙公司" + u, region, 6000, 1000, "续建", "基础设施")
                .row(3, "行丙" + u, "行丙公司" + u, region, 7000, 1000, "续建", "社会民生"));

        JsonNode report = importLedger(file, coordinator, "?year=2026", 200);

        assertThat(report.get("created").asInt()).isEqualTo(3);
        assertThat(report.get("warnings")).isEmpty();
        assertThat(categoryOf("行甲" + u)).isEqualTo("INDUSTRIAL");
        assertThat(jdbc.sql("SELECT p.manufacturing AND i.name = ? FROM project p JOIN industry i ON i.id = p.industry_id WHERE p.name = ?")
                .params("新材料" + u, "行甲" + u).query(Boolean.class).single()).isTrue();
        assertThat(categoryOf("行乙" + u)).isEqualTo("INFRASTRUCTURE");
        assertThat(categoryOf("行丙" + u)).isEqualTo("SOCIAL");
        assertThat(jdbc.sql("SELECT count(*) FROM industry WHERE name IN ('基础设施', '社会民生')").query(Long.class).single())
                .as("a category in the 行业 column is no industry").isZero();
    }

    @Test
    void aTitleNamingTheListGivesTheCategory() throws Exception {
        byte[] file = Workbooks.xlsx(s -> s
                .row("某某市2026年重点产业项目建设进展情况表")
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质")
                .row("题甲" + u, "题甲公司" + u, county.region().name(), 5000, 1000, "续建"));

        JsonNode report = importLedger(file, coordinator, "", 200);

        assertThat(report.get("warnings")).isEmpty();
        assertThat(categoryOf("题甲" + u)).isEqualTo("INDUSTRIAL");
    }

    @Test
    void ledgerWithNeitherCategoryNorIndustryImportsAsUnclassifiedWithOneWarningPerRow() throws Exception {
        String region = county.region().name();
        byte[] file = Workbooks.xlsx(s -> s
                .row("2026年重点项目清单")
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质")
                .row("未甲" + u, "未甲公司" + u, region, 5000, 1000, "续建")
                .row("未乙" + u, "未乙公司" + u, region, 6000, 1000, "续建"));

        JsonNode preview = importLedger(file, coordinator, "?dryRun=true", 200);
        assertThat(preview.get("errors")).isEmpty();
        assertThat(preview.get("warnings").findValuesAsText("row")).containsExactly("3", "4");
        assertThat(preview.get("warnings").get(0).get("message").asText()).contains("未分类");

        JsonNode report = importLedger(file, coordinator, "", 200);

        assertThat(report.get("created").asInt()).isEqualTo(2);
        assertThat(report.get("warnings")).hasSize(2);
        assertThat(categoryOf("未甲" + u)).isEqualTo("UNCLASSIFIED");
        MvcResult listed = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .get("/api/v1/projects?category=UNCLASSIFIED&q=" + u).with(httpBasic(coordinator, TestFixtures.PASSWORD)))
                .andReturn();
        JsonNode items = json.readTree(listed.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).get("items");
        assertThat(items.findValuesAsText("name")).containsExactlyInAnyOrder("未甲" + u, "未乙" + u);
    }

    @Test
    void newProjectWithoutPlannedStartIsAWarningAndIsListedToStartThisYearWithoutAMonth() throws Exception {
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别")
                .row("新甲" + u, "新甲公司" + u, county.region().name(), 5000, 1000, "新建", "产业"));

        JsonNode report = importLedger(file, coordinator, "?year=2026", 200);

        assertThat(report.get("created").asInt()).isEqualTo(1);
        assertThat(report.get("warnings")).hasSize(1);
        assertThat(report.get("warnings").get(0).get("message").asText()).contains("计划开工");
        assertThat(jdbc.sql("SELECT e.target || '/' || coalesce(e.planned_start_month, 0) FROM annual_list_entry e JOIN project p ON p.id = e.project_id WHERE p.name = ?")
                .param("新甲" + u).query(String.class).single()).isEqualTo("START/0");
    }

    @Test
    void actualStartAndCompletionDatesMoveProjectsThroughTheLifecycleWithDatedHistory() throws Exception {
        ProjectDetails existing = fixtures.project("老项目" + u, county.region(), "6000", org.keyproject.project.Stage.PREPARATION);
        String region = county.region().name();
        LocalDate started = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusDays(20);
        LocalDate completed = started.plusDays(10);
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别", "实际开工时间", "实际竣工时间")
                .row("开甲" + u, "开甲公司" + u, region, 5000, 1000, "新建", "产业", started, null)
                .row("竣甲" + u, "竣甲公司" + u, region, 5000, 1000, "新建", "产业", started, completed)
                .row(existing.name(), existing.ownerName(), region, 6000, 1000, "新建", "产业", started, null));

        JsonNode report = importLedger(file, coordinator, "?year=" + started.getYear(), 200);

        assertThat(report.get("created").asInt()).isEqualTo(2);
        assertThat(report.get("updated").asInt()).isEqualTo(1);
        assertThat(history("开甲" + u)).containsExactly("null>PREPARATION@" + started, "PREPARATION>CONSTRUCTION@" + started);
        assertThat(history("竣甲" + u)).containsExactly("null>PREPARATION@" + started, "PREPARATION>CONSTRUCTION@" + started,
                "CONSTRUCTION>COMPLETED@" + completed);
        assertThat(jdbc.sql("SELECT stage || '/' || actual_start_date || '/' || actual_completion_date FROM project WHERE name = ?")
                .param("竣甲" + u).query(String.class).single()).isEqualTo("COMPLETED/" + started + "/" + completed);
        List<String> moved = history(existing.name());
        assertThat(moved).hasSize(2);
        assertThat(moved.get(1)).startsWith("PREPARATION>CONSTRUCTION@");
        assertThat(jdbc.sql("SELECT stage || '/' || actual_start_date FROM project WHERE id = ?").param(existing.id())
                .query(String.class).single()).isEqualTo("CONSTRUCTION/" + started);
    }

    @Test
    void aStartDateInTheFutureIsARowError() throws Exception {
        LocalDate tomorrow = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(1);
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别", "开工日期")
                .row("未来" + u, "未来公司" + u, county.region().name(), 5000, 1000, "新建", "产业", tomorrow));

        JsonNode problem = importLedger(file, coordinator, "?year=2026", 400);

        assertThat(problem.get("errors")).hasSize(1);
        assertThat(problem.get("errors").get(0).get("column").asText()).isEqualTo("开工日期");
        assertThat(countProjects("%" + u)).isZero();
    }

    @Test
    void unknownIndustryIsAddedWithCreateMissingAndAWarningWithout() throws Exception {
        String industry = "低空经济" + u;
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别", "所属行业")
                .row("业甲" + u, "业甲公司" + u, county.region().name(), 5000, 1000, "续建", "产业", industry));

        JsonNode without = importLedger(file, coordinator, "?year=2026&dryRun=true", 200);
        assertThat(without.get("warnings").get(0).get("message").asText()).contains(industry);

        JsonNode with = importLedger(file, coordinator, "?year=2026&createMissing=true", 200);

        assertThat(with.get("warnings")).isEmpty();
        assertThat(jdbc.sql("SELECT i.name || '/' || i.category FROM project p JOIN industry i ON i.id = p.industry_id WHERE p.name = ?")
                .param("业甲" + u).query(String.class).single()).isEqualTo(industry + "/INDUSTRIAL");
    }

    @Test
    void twoRowsMatchingOneProjectByCodeAndByNameAreBothNamedAndNothingIsWritten() throws Exception {
        ProjectDetails existing = fixtures.project("同一" + u, county.region(), "6000");
        String region = county.region().name();
        byte[] file = Workbooks.xlsx(s -> s
                .row("项目编码", "项目名称", "建设单位", "县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别")
                .row(existing.code(), "改名" + u, existing.ownerName(), region, 7000, 1000, "新建", "产业")
                .row(null, existing.name(), existing.ownerName(), region, 8000, 1000, "新建", "产业"));

        JsonNode problem = importLedger(file, coordinator, "?year=2026", 400);

        assertThat(problem.get("errors").findValuesAsText("row")).containsExactly("2", "3");
        assertThat(problem.get("errors").get(0).get("message").asText()).contains("同一个已有项目");
        assertThat(totalOf(existing.name())).isEqualByComparingTo("6000");
    }

    String categoryOf(String name) {
        return jdbc.sql("SELECT category FROM project WHERE name = ?").param(name).query(String.class).single();
    }

    List<String> history(String name) {
        return jdbc.sql("""
                SELECT coalesce(c.from_stage, 'null') || '>' || c.to_stage || '@' || c.effective_on
                FROM project_stage_change c JOIN project p ON p.id = c.project_id WHERE p.name = ? ORDER BY c.effective_on, c.id
                """).param(name).query(String.class).list();
    }

    JsonNode importLedger(byte[] file, String username, String query, int status) throws Exception {
        MvcResult result = mvc.perform(multipart("/api/v1/imports/ledger" + query)
                        .file(new MockMultipartFile("file", "台账.xlsx", XLSX, file))
                        .with(httpBasic(username, TestFixtures.PASSWORD)))
                .andReturn();
        String body = result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        return json.readTree(body);
    }

    BigDecimal totalOf(String name) {
        return jdbc.sql("SELECT total_investment FROM project WHERE name = ?").param(name).query(BigDecimal.class).single();
    }

    BigDecimal plannedOf(String name, int year) {
        return jdbc.sql("SELECT e.planned_investment FROM annual_list_entry e JOIN project p ON p.id = e.project_id WHERE p.name = ? AND e.year = ?")
                .params(name, year).query(BigDecimal.class).single();
    }

    long countProjects(String namePattern) {
        return jdbc.sql("SELECT count(*) FROM project WHERE name LIKE ?").param(namePattern).query(Long.class).single();
    }

    static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
