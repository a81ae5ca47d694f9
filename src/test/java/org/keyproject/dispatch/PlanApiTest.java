package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.project.ListEntryForm;
import org.keyproject.project.ListLevel;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.Projects;
import org.keyproject.project.YearTarget;
import org.keyproject.region.Regions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@IntegrationTest
class PlanApiTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @Autowired MockMvc http;
    @Autowired TestFixtures fixtures;
    @Autowired ObjectMapper json;
    @Autowired JdbcClient jdbc;
    @Autowired Projects projects;
    @Autowired Regions regions;

    @Test
    void createApproveAndReplanKeepTheBaselineUnchangedAndTheChartShowsBoth() throws Exception {
        County county = fixtures.county("计划");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails project = fixtures.project("计划项目" + fixtures.unique(), county.town(), "60000");
        onList(project, ListLevel.COUNTY, county.region().id(), "800");
        onList(project, ListLevel.CITY, regions.root().orElseThrow().id(), "1200.0001");

        JsonNode draft = read(send(post("/api/v1/projects/{id}/plans", project.id()), coordinator,
                "{\"year\": 2026, \"targetDate\": \"2026-12-31\"}").andExpect(status().isCreated()));
        assertThat(draft.get("version").asInt()).isEqualTo(1);
        assertThat(draft.get("status").asText()).isEqualTo("DRAFT");
        assertThat(draft.get("annualInvestment").decimalValue()).as("the city list is above the county's")
                .isEqualByComparingTo("1200.0001");
        assertThat(draft.get("target").asText()).isEqualTo("START");
        assertThat(sum(draft.get("months"))).isEqualByComparingTo("1200.0001");
        assertThat(draft.get("milestones")).hasSize(9);
        assertThat(milestone(draft, "COMPLETION").get("plannedOn").asText()).isEqualTo("2026-12-31");
        assertThat(milestone(draft, "START").get("name").asText()).isEqualTo("开工");
        long v1 = draft.get("id").asLong();

        JsonNode approved = read(send(post("/api/v1/plans/{id}/approve", v1), coordinator,
                "{\"lockVersion\": " + draft.get("lockVersion").asInt() + "}"));
        assertThat(approved.get("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.get("approvedByName").asText()).isEqualTo(coordinator.displayName());

        JsonNode v2 = read(send(post("/api/v1/plans/{id}/replan", v1), coordinator, "").andExpect(status().isCreated()));
        assertThat(v2.get("version").asInt()).isEqualTo(2);
        assertThat(v2.get("status").asText()).isEqualTo("DRAFT");
        String later = """
                {"lockVersion": %d, "profile": "SEASONAL", "annualInvestment": 1500,
                 "milestones": [{"key": "START", "plannedOn": "2025-12-01"}, {"name": "设备招标", "plannedOn": "2026-05-01"},
                                {"key": "COMPLETION", "plannedOn": "2027-03-31"}]}
                """.formatted(v2.get("lockVersion").asInt());
        JsonNode edited = read(send(put("/api/v1/plans/{id}", v2.get("id").asLong()), coordinator, later));
        assertThat(edited.get("milestones")).hasSize(3);
        assertThat(sum(edited.get("months"))).isEqualByComparingTo("1500");
        String customKey = edited.get("milestones").get(1).get("key").asText();
        send(post("/api/v1/plans/{id}/approve", v2.get("id").asLong()), coordinator, "").andExpect(status().isOk());

        JsonNode baseline = read(http.perform(get("/api/v1/plans/{id}", v1).with(basic(coordinator))));
        assertThat(baseline.get("milestones")).hasSize(9);
        assertThat(milestone(baseline, "COMPLETION").get("plannedOn").asText()).isEqualTo("2026-12-31");
        assertThat(baseline.get("annualInvestment").decimalValue()).isEqualByComparingTo("1200.0001");

        JsonNode chart = read(http.perform(get("/api/v1/projects/{id}/milestone-chart", project.id()).param("year", "2026")
                .with(basic(coordinator))));
        assertThat(chart.get("baselineVersion").asInt()).isEqualTo(1);
        assertThat(chart.get("currentVersion").asInt()).isEqualTo(2);
        JsonNode completion = milestone(chart, "COMPLETION");
        assertThat(completion.get("baseline").asText()).isEqualTo("2026-12-31");
        assertThat(completion.get("current").asText()).isEqualTo("2027-03-31");
        assertThat(milestone(chart, customKey).get("baseline").isNull()).isTrue();
        assertThat(milestone(chart, customKey).get("name").asText()).isEqualTo("设备招标");
        assertThat(milestone(chart, "LAND_SUPPLY").get("current").isNull()).as("dropped in version 2, kept from the baseline").isTrue();
        assertThat(milestone(chart, "LAND_SUPPLY").get("late").asBoolean()).as("dropped: for comparison only").isFalse();
        assertThat(milestone(chart, "START").get("late").asBoolean()).as("re-planned date passed without an actual").isTrue();
        assertThat(chart.get("milestones")).hasSize(10);

        JsonNode versions = read(http.perform(get("/api/v1/projects/{id}/plans", project.id()).param("year", "2026").with(basic(coordinator))));
        assertThat(versions).hasSize(2);
        assertThat(jdbc.sql("SELECT string_agg(action, ',' ORDER BY id) FROM audit_event WHERE entity_type = 'project_plan' AND entity_id IN (?, ?)")
                .params(v1, v2.get("id").asLong()).query(String.class).single())
                .isEqualTo("CREATE,APPROVE,REPLAN,UPDATE,APPROVE");
    }

    @Test
    void anApprovedPlanRefusesEditsWithABadRequestOnItsStatusAndTheDatabaseRefusesToo() throws Exception {
        County county = fixtures.county("定稿");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails project = fixtures.project("定稿项目" + fixtures.unique(), county.town(), "3000");
        JsonNode plan = read(send(post("/api/v1/projects/{id}/plans", project.id()), coordinator,
                "{\"year\": 2026, \"annualInvestment\": 1000.0001, \"targetDate\": \"2026-10-31\"}").andExpect(status().isCreated()));
        long id = plan.get("id").asLong();

        send(put("/api/v1/plans/{id}", id), coordinator, "{\"lockVersion\": 99, \"annualInvestment\": 900}")
                .andExpect(status().isConflict());
        send(post("/api/v1/plans/{id}/approve", id), coordinator, "").andExpect(status().isOk());

        send(put("/api/v1/plans/{id}", id), coordinator, "{\"lockVersion\": 1, \"annualInvestment\": 900}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("status"))
                .andExpect(jsonPath("$.errors[0].message").value("第1版计划已批准，不能再修改；请调整计划生成新版本"));
        send(post("/api/v1/plans/{id}/approve", id), coordinator, "").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("status"));
        assertThatThrownBy(() -> jdbc.sql("UPDATE project_plan_month SET amount = 1 WHERE plan_id = ?").param(id).update())
                .hasMessageContaining("approved");
        assertThatThrownBy(() -> jdbc.sql("UPDATE project_plan SET annual_investment = 1 WHERE id = ?").param(id).update())
                .hasMessageContaining("approved");
        assertThat(read(http.perform(get("/api/v1/plans/{id}", id).with(basic(coordinator)))).get("annualInvestment").decimalValue())
                .isEqualByComparingTo("1000.0001");
    }

    @Test
    void countyUserGetsNotFoundForAnotherCountysProjectPlan() throws Exception {
        County mine = fixtures.county("本县计划");
        County other = fixtures.county("邻县计划");
        UserAccount neighbour = fixtures.user(Role.COORDINATOR, other.region(), null);
        UserAccount countyUser = fixtures.user(Role.COORDINATOR, mine.region(), null);
        ProjectDetails foreign = fixtures.project("邻县计划项目" + fixtures.unique(), other.town(), "2000");
        long plan = read(send(post("/api/v1/projects/{id}/plans", foreign.id()), neighbour,
                "{\"year\": 2026, \"annualInvestment\": 600, \"targetDate\": \"2026-09-30\"}").andExpect(status().isCreated()))
                .get("id").asLong();

        http.perform(get("/api/v1/plans/{id}", plan).with(basic(countyUser))).andExpect(status().isNotFound());
        http.perform(get("/api/v1/projects/{id}/plans", foreign.id()).with(basic(countyUser))).andExpect(status().isNotFound());
        http.perform(get("/api/v1/projects/{id}/milestone-chart", foreign.id()).with(basic(countyUser))).andExpect(status().isNotFound());
        send(put("/api/v1/plans/{id}", plan), countyUser, "{\"lockVersion\": 0}").andExpect(status().isNotFound());
        send(post("/api/v1/plans/{id}/approve", plan), countyUser, "").andExpect(status().isNotFound());
        send(post("/api/v1/plans/{id}/replan", plan), countyUser, "").andExpect(status().isNotFound());
        send(post("/api/v1/projects/{id}/plans", foreign.id()), countyUser, "{\"year\": 2027}").andExpect(status().isNotFound());
        send(post("/api/v1/projects/{id}/milestones/START/actual", foreign.id()), countyUser, "{\"reachedOn\": \"2025-01-01\"}")
                .andExpect(status().isNotFound());
    }

    @Test
    void commissionerPlansItsProjectButOnlyACoordinatorApprovesAndAnObserverOnlyReads() throws Exception {
        County county = fixtures.county("专员计划");
        UserAccount commissioner = fixtures.user(Role.COMMISSIONER, county.region(), null);
        UserAccount observer = fixtures.user(Role.OBSERVER, county.region(), null);
        ProjectDetails project = fixtures.projectAssignedTo("专员计划项目" + fixtures.unique(), county.town(), commissioner.id());

        long plan = read(send(post("/api/v1/projects/{id}/plans", project.id()), commissioner,
                "{\"year\": 2026, \"annualInvestment\": 700, \"targetDate\": \"2026-08-31\"}").andExpect(status().isCreated()))
                .get("id").asLong();
        send(post("/api/v1/plans/{id}/approve", plan), commissioner, "").andExpect(status().isForbidden());
        send(put("/api/v1/plans/{id}", plan), observer, "{\"lockVersion\": 0}").andExpect(status().isForbidden());
        http.perform(get("/api/v1/plans/{id}", plan).with(basic(observer))).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("DRAFT"));
    }

    @Test
    void customMonthsThatDoNotAddUpToTheAnnualFigureAreAFieldError() throws Exception {
        County county = fixtures.county("逐月");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails project = fixtures.project("逐月项目" + fixtures.unique(), county.town(), "3000");
        String body = """
                {"year": 2026, "annualInvestment": 1200, "profile": "CUSTOM",
                 "months": [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 99.9999]}
                """;

        send(post("/api/v1/projects/{id}/plans", project.id()), coordinator, body)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("months"))
                .andExpect(jsonPath("$.errors[0].message").value("各月合计 1,199.9999 万元，与年度计划投资 1,200 万元不符"));
        assertThat(jdbc.sql("SELECT count(*) FROM project_plan WHERE project_id = ?").param(project.id()).query(Long.class).single()).isZero();

        JsonNode plan = read(send(post("/api/v1/projects/{id}/plans", project.id()), coordinator,
                body.replace("99.9999", "100")).andExpect(status().isCreated()));
        assertThat(plan.get("months").get(11).decimalValue()).isEqualByComparingTo("100");
    }

    @Test
    void anActualDateInTheFutureIsRefusedAndOneInThePastIsRecordedAndAudited() throws Exception {
        County county = fixtures.county("实际");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails project = fixtures.project("实际项目" + fixtures.unique(), county.town(), "3000");

        send(post("/api/v1/projects/{id}/milestones/START/actual", project.id()), coordinator,
                "{\"reachedOn\": \"" + TODAY.plusDays(1) + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reachedOn"))
                .andExpect(jsonPath("$.errors[0].message").value("实际完成日期不能晚于今天"));
        send(post("/api/v1/projects/{id}/milestones/NO_SUCH/actual", project.id()), coordinator,
                "{\"reachedOn\": \"" + TODAY + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("key"));
        assertThat(jdbc.sql("SELECT count(*) FROM project_milestone_actual WHERE project_id = ?").param(project.id())
                .query(Long.class).single()).isZero();

        send(post("/api/v1/projects/{id}/milestones/START/actual", project.id()), coordinator,
                "{\"reachedOn\": \"" + TODAY.minusDays(3) + "\"}").andExpect(status().isOk());
        assertThat(jdbc.sql("SELECT reached_on FROM project_milestone_actual WHERE project_id = ? AND key = 'START'")
                .param(project.id()).query(LocalDate.class).single()).isEqualTo(TODAY.minusDays(3));
        assertThat(jdbc.sql("SELECT after_state ->> 'milestone.START' FROM audit_event WHERE entity_type = 'project' AND entity_id = ? AND action = 'MILESTONE_ACTUAL'")
                .param(project.id()).query(String.class).single()).isEqualTo(TODAY.minusDays(3).toString());
    }

    @Test
    void theChartMarksMilestonesPassedWithoutActualOrReachedLateAsLate() throws Exception {
        County county = fixtures.county("逾期");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails project = fixtures.project("逾期项目" + fixtures.unique(), county.town(), "3000");
        String body = """
                {"year": %d, "annualInvestment": 100, "milestones": [
                    {"key": "LAND_SUPPLY", "plannedOn": "%s"}, {"key": "PLANNING_PERMIT", "plannedOn": "%s"},
                    {"key": "START", "plannedOn": "%s"}, {"key": "COMPLETION", "plannedOn": "%s"}]}
                """.formatted(TODAY.getYear(), TODAY.minusDays(30), TODAY.minusDays(20), TODAY.minusDays(10), TODAY.plusDays(100));
        send(post("/api/v1/projects/{id}/plans", project.id()), coordinator, body).andExpect(status().isCreated());
        send(post("/api/v1/projects/{id}/milestones/LAND_SUPPLY/actual", project.id()), coordinator,
                "{\"reachedOn\": \"" + TODAY.minusDays(31) + "\"}").andExpect(status().isOk());
        send(post("/api/v1/projects/{id}/milestones/PLANNING_PERMIT/actual", project.id()), coordinator,
                "{\"reachedOn\": \"" + TODAY.minusDays(15) + "\"}").andExpect(status().isOk());

        JsonNode chart = read(http.perform(get("/api/v1/projects/{id}/milestone-chart", project.id()).with(basic(coordinator))));

        assertThat(chart.get("year").asInt()).isEqualTo(TODAY.getYear());
        assertThat(chart.get("currentStatus").asText()).as("nothing approved yet: the draft is shown").isEqualTo("DRAFT");
        assertThat(milestone(chart, "LAND_SUPPLY").get("late").asBoolean()).as("reached before its date").isFalse();
        assertThat(milestone(chart, "PLANNING_PERMIT").get("late").asBoolean()).as("reached after its date").isTrue();
        assertThat(milestone(chart, "START").get("late").asBoolean()).as("passed without an actual date").isTrue();
        assertThat(milestone(chart, "COMPLETION").get("late").asBoolean()).as("still ahead").isFalse();
    }

    @Test
    void templatesAndTheReverseSchedulingPreviewFollowTheCategory() throws Exception {
        UserAccount observer = fixtures.user(Role.OBSERVER, fixtures.county("模板").region(), null);

        http.perform(get("/api/v1/plan-templates").param("category", "SOCIAL").with(basic(observer)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].milestones.length()").value(7))
                .andExpect(jsonPath("$[0].milestones[0].name").value("土地供应"));
        JsonNode proposed = read(send(post("/api/v1/plan-templates/schedule"), observer,
                "{\"category\": \"INDUSTRIAL\", \"targetDate\": \"2026-12-31\"}"));
        assertThat(proposed).hasSize(9);
        assertThat(proposed.get(8).get("plannedOn").asText()).isEqualTo("2026-12-31");
        assertThat(proposed.get(4).get("key").asText()).isEqualTo("START");
        assertThat(proposed.get(4).get("plannedOn").asText()).isEqualTo("2025-10-07");
        send(post("/api/v1/plan-templates/schedule"), observer, "{\"category\": \"INDUSTRIAL\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("targetDate"));
    }

    // ---- helpers ----

    private void onList(ProjectDetails project, ListLevel level, long regionId, String planned) {
        long list = projects.listFor(2026, level, regionId, fixtures.admin()).id();
        projects.putOnList(project.id(), new ListEntryForm(list, new BigDecimal(planned), YearTarget.START, 4), fixtures.admin());
    }

    private ResultActions send(MockHttpServletRequestBuilder request, UserAccount as, String body) throws Exception {
        MockHttpServletRequestBuilder r = request.with(basic(as));
        if (!body.isEmpty()) {
            r = r.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return http.perform(r);
    }

    private JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andExpect(status().is2xxSuccessful()).andReturn().getResponse().getContentAsString());
    }

    private static JsonNode milestone(JsonNode planOrChart, String key) {
        for (JsonNode m : planOrChart.get("milestones")) {
            if (m.get("key").asText().equals(key)) {
                return m;
            }
        }
        throw new AssertionError("no milestone " + key + " in " + planOrChart);
    }

    private static BigDecimal sum(JsonNode months) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode m : months) {
            total = total.add(m.decimalValue());
        }
        return total;
    }

    private static RequestPostProcessor basic(UserAccount user) {
        return httpBasic(user.username(), TestFixtures.PASSWORD);
    }
}
