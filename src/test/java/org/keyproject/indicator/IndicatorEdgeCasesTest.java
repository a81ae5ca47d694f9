package org.keyproject.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.project.Category;
import org.keyproject.project.ListEntryForm;
import org.keyproject.project.ListLevel;
import org.keyproject.project.Nature;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.ProjectForm;
import org.keyproject.project.ProjectQueries;
import org.keyproject.project.Projects;
import org.keyproject.project.Stage;
import org.keyproject.project.TransitionRequest;
import org.keyproject.project.YearTarget;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The cases a bulletin must get right besides the ordinary list, read through GET /api/v1/indicators. */
@IntegrationTest
class IndicatorEdgeCasesTest {

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired TestFixtures fixtures;
    @Autowired Projects projects;
    @Autowired JdbcClient jdbc;
    @Autowired ProjectQueries queries;
    @Autowired Regions regions;

    TestFixtures.County county;
    UserAccount coordinator;

    @BeforeEach
    void setUp() {
        county = fixtures.county("边界");
        coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
    }

    @Test
    void anEmptyRegionAnswersZerosAndNoRatesInsteadOfAnError() throws Exception {
        JsonNode f = figures(county.region(), "2026-06", "");

        assertThat(f.get("listed").asLong()).isZero();
        assertThat(f.get("completed").decimalValue()).isZero();
        assertThat(f.get("startRate").isNull()).isTrue();
        assertThat(f.get("completionRate").isNull()).isTrue();
        assertThat(f.get("timeProgress").decimalValue()).isEqualByComparingTo("50.0");
    }

    @Test
    void aProjectMovedToAnotherCountyCountsInItsOldCountyForMonthsBeforeTheMoveAndInTheNewOneAfter() throws Exception {
        TestFixtures.County other = fixtures.county("迁入");
        ProjectDetails moving = listed(project("迁移", Category.INDUSTRIAL, null), "1000");
        listed(project("留下", Category.INDUSTRIAL, null), "1000");
        // the project moves to the other county (today, through the product), a move then dated back to 1 July
        jdbc.sql("UPDATE project_region_period SET valid_from = DATE '2026-01-01' WHERE project_id = ?").param(moving.id()).update();
        projects.update(moving.id(), formOf(queries.get(moving.id(), fixtures.admin().scope()), other.town().id()), fixtures.admin());
        jdbc.sql("UPDATE project_region_period SET valid_to = DATE '2026-07-01' WHERE project_id = ? AND valid_to IS NOT NULL")
                .param(moving.id()).update();
        jdbc.sql("UPDATE project_region_period SET valid_from = DATE '2026-07-01' WHERE project_id = ? AND valid_to IS NULL")
                .param(moving.id()).update();
        UserAccount root = fixtures.user(Role.COORDINATOR, regions.root().orElseThrow(), null);
        String level = "listLevel=COUNTY&regionId=";

        assertThat(figures(root, level + county.region().id(), "2026-06").get("listed").asLong()).isEqualTo(2);
        assertThat(figures(root, level + other.region().id(), "2026-06").get("listed").asLong()).isZero();
        assertThat(figures(root, level + county.region().id(), "2026-08").get("listed").asLong()).isEqualTo(1);
        assertThat(figures(root, level + other.region().id(), "2026-08").get("listed").asLong()).isEqualTo(1);
    }

    @Test
    void aProjectWithdrawnInJulyCountsInJuneAndHasLeftTheListInAugust() throws Exception {
        ProjectDetails withdrawn = listed(projects.create(fixtures.form("退库" + fixtures.unique(), county.town(), "3000")
                .withStage(Stage.PREPARATION, LocalDate.of(2026, 1, 5)), fixtures.admin()), "1000");
        listed(project("在建", Category.INDUSTRIAL, null), "1000");
        projects.transition(withdrawn.id(), new TransitionRequest(Stage.WITHDRAWN, LocalDate.of(2026, 7, 15), "不再建设", null),
                fixtures.admin());

        assertThat(figures(county.region(), "2026-06", "").get("listed").asLong()).isEqualTo(2);
        assertThat(figures(county.region(), "2026-08", "").get("listed").asLong()).isEqualTo(1);
        assertThat(figures(county.region(), "2026-08", "").get("plannedInvestment").decimalValue()).isEqualByComparingTo("1000");
    }

    @Test
    void aPackageCountsOnceAsAnEntryAndAsItsSubProjectsWhenSplit() throws Exception {
        ProjectDetails pkg = listed(project("打包", Category.INFRASTRUCTURE, null), "3000");
        for (int i = 0; i < 3; i++) {
            project("子项目" + i, Category.INFRASTRUCTURE, pkg.id());
        }
        listed(project("单体", Category.INDUSTRIAL, null), "1000");

        JsonNode f = figures(county.region(), "2026-06", "");

        assertThat(f.get("listed").asLong()).isEqualTo(2);
        assertThat(f.get("packages").asLong()).isEqualTo(1);
        assertThat(f.get("listedSplit").asLong()).isEqualTo(4); // 2 entries − 1 package + 3 sub-projects
    }

    @Test
    void anUnclassifiedProjectCountsInTheTotalsAndInNoCategory() throws Exception {
        listed(project("未分类", Category.UNCLASSIFIED, null), "1000");
        listed(project("产业", Category.INDUSTRIAL, null), "500");

        JsonNode report = indicators(coordinator, "regionId=" + county.region().id() + "&year=2026&period=2026-06");

        assertThat(report.get("figures").get("listed").asLong()).isEqualTo(2);
        Map<String, JsonNode> categories = new HashMap<>();
        report.get("breakdowns").get("category").forEach(c -> categories.put(c.get("key").asText(), c));
        assertThat(categories.keySet()).containsExactlyInAnyOrder("INDUSTRIAL", "UNCLASSIFIED");
        assertThat(categories.get("INDUSTRIAL").get("figures").get("listed").asLong()).isEqualTo(1);
        assertThat(categories.get("UNCLASSIFIED").get("label").asText()).isEqualTo("未分类");
        assertThat(categories.get("INDUSTRIAL").get("shareOfListed").decimalValue()).isEqualByComparingTo("50.0");
    }

    @Test
    void aRevisionAfterTheCloseChangesTheRevisedFiguresAndLeavesTheFirstPublishedOnes() throws Exception {
        ProjectDetails reported = listed(project("更正", Category.INDUSTRIAL, null), "1000");
        listed(project("未报", Category.INDUSTRIAL, null), "1000");
        long period = read(send(post("/api/v1/periods"), "{\"year\": 2026, \"cadence\": \"MONTHLY\", \"month\": 5}", 201))
                .get("id").asLong();
        send(put("/api/v1/periods/{id}/reports/{p}", period, reported.id()), "{\"ytdAmount\": 100}", 200);
        send(post("/api/v1/periods/{id}/reports/{p}/submit", period, reported.id()), "", 200);

        JsonNode live = figures(county.region(), "2026-05", "");
        assertThat(live.get("completed").decimalValue()).isEqualByComparingTo("100");
        send(post("/api/v1/periods/{id}/close", period), "", 200);
        send(post("/api/v1/periods/{id}/revisions", period),
                "{\"projectId\": %d, \"ytdAmount\": 160, \"reason\": \"补报发票\"}".formatted(reported.id()), 201);

        JsonNode first = indicators(coordinator, "regionId=" + county.region().id() + "&year=2026&period=2026-05");
        JsonNode revised = indicators(coordinator, "regionId=" + county.region().id() + "&year=2026&period=2026-05&revised=true");
        assertThat(first.get("source").asText()).isEqualTo("SNAPSHOT");
        assertThat(first.get("figures").get("completed").decimalValue()).isEqualByComparingTo("100");
        assertThat(first.get("figures").get("completionRate").decimalValue()).isEqualByComparingTo("5.0");
        assertThat(revised.get("figures").get("completed").decimalValue()).isEqualByComparingTo("160");
        assertThat(revised.get("figures").get("completionRate").decimalValue()).isEqualByComparingTo("8.0");
    }

    @Test
    void aNewProjectThatStartedLastYearIsContinuingOnThisYearsList() throws Exception {
        ProjectForm f = fixtures.form("去年开工" + fixtures.unique(), county.town(), "3000");
        listed(projects.create(new ProjectForm(null, f.name(), null, f.ownerName(), f.regionId(), null, null, null, null,
                Nature.NEW, Category.INDUSTRIAL, false, null, f.totalInvestment(), null, null, LocalDate.of(2025, 3, 1), null,
                null, null, null, null, null, Stage.CONSTRUCTION, LocalDate.of(2025, 3, 1), null), fixtures.admin()), "1000");

        JsonNode f2026 = figures(county.region(), "2026-06", "");

        assertThat(f2026.get("newProjects").asLong()).isZero();
        assertThat(f2026.get("continuingProjects").asLong()).isEqualTo(1);
    }

    @Test
    void aProjectNewOnLastYearsLedgerAndContinuingOnThisYearsIsNewOnLastYearsList() throws Exception {
        ImportedLists imports = new ImportedLists(mvc, county.region(), coordinator.username(), fixtures.unique());
        imports.load(2025, "2025-12", java.util.List.of(new ImportedLists.Line("两年", true, 5_000, 1_000, 6, null, null, 0)));
        imports.load(2026, "2026-06", java.util.List.of(new ImportedLists.Line("两年", false, 5_000, 2_000, null, null, null, 0)));

        JsonNode last = figures(county.region(), "2025-12", "");
        JsonNode now = figures(county.region(), "2026-06", "");

        assertThat(last.get("newProjects").asLong()).isEqualTo(1);
        assertThat(last.get("continuingProjects").asLong()).isZero();
        assertThat(now.get("newProjects").asLong()).isZero();
        assertThat(now.get("continuingProjects").asLong()).isEqualTo(1);
    }

    // ---- helpers ----

    private ProjectDetails project(String name, Category category, Long packageId) {
        ProjectForm f = fixtures.form(name + fixtures.unique(), county.town(), "3000");
        return projects.create(new ProjectForm(null, f.name(), null, f.ownerName(), f.regionId(), null, null, null, null,
                Nature.NEW, category, false, null, f.totalInvestment(), null, null, null, null, null, null, null, null,
                packageId, Stage.CONSTRUCTION, LocalDate.of(2026, 1, 5), null), fixtures.admin());
    }

    private ProjectDetails listed(ProjectDetails project, String planned) {
        long list = projects.listFor(2026, ListLevel.COUNTY, county.region().id(), fixtures.admin()).id();
        projects.putOnList(project.id(), new ListEntryForm(list, new BigDecimal(planned), YearTarget.CONTINUE, null), fixtures.admin());
        return project;
    }

    private static ProjectForm formOf(ProjectDetails p, long regionId) {
        return new ProjectForm(p.code(), p.name(), p.ownerId(), null, regionId, p.address(), p.longitude(), p.latitude(),
                p.contentScale(), p.nature(), p.category(), p.manufacturing(), p.industryId(), p.totalInvestment(),
                p.plannedStartDate(), p.plannedCompletionDate(), p.actualStartDate(), p.leaderId(), p.departmentId(),
                p.commissionerId(), p.taskForce(), p.promotionPlan(), p.packageId(), null, null, p.version());
    }

    private JsonNode figures(Region region, String period, String extra) throws Exception {
        return indicators(coordinator, "regionId=" + region.id() + "&year=" + period.substring(0, 4) + "&period=" + period + extra)
                .get("figures");
    }

    private JsonNode figures(UserAccount as, String regionQuery, String period) throws Exception {
        return indicators(as, regionQuery + "&year=" + period.substring(0, 4) + "&period=" + period).get("figures");
    }

    private JsonNode indicators(UserAccount as, String query) throws Exception {
        MvcResult result = mvc.perform(get("/api/v1/indicators?" + query).with(httpBasic(as.username(), TestFixtures.PASSWORD)))
                .andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(200);
        return json.readTree(body);
    }

    private MvcResult send(MockHttpServletRequestBuilder request, String body, int status) throws Exception {
        MvcResult result = mvc.perform(request.with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(status);
        return result;
    }

    private JsonNode read(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }
}
