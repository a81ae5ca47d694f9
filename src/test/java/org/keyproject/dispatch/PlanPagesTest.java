package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.Role;
import org.keyproject.project.ProjectDetails;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@IntegrationTest
class PlanPagesTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @Autowired MockMvc mvc;
    @Autowired TestFixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired PlanQueries queries;

    @Test
    void coordinatorSchedulesBackwardsAdjustsADateApprovesAndRePlansOnThePage() throws Exception {
        TestFixtures.County county = fixtures.county("页面计划");
        CurrentUser coordinator = coordinatorOf(county);
        ProjectDetails project = fixtures.project("页面计划项目" + fixtures.unique(), county.town(), "5000");
        int year = TODAY.getYear();
        String base = "/projects/" + project.id() + "/plan";

        assertThat(page(get(base), coordinator, 200)).contains("id=\"plan-create-form\"", "本年度还没有计划");
        mvc.perform(post(base).with(csrf()).with(user(coordinator)).param("year", String.valueOf(year))
                        .param("annualInvestment", "1000.0001").param("profile", "EVEN").param("targetDate", TODAY.plusDays(400).toString()))
                .andExpect(status().isFound()).andExpect(redirectedUrl(base + "?year=" + year));
        Plan draft = queries.plans(project.id(), year).get(0);
        assertThat(draft.milestones()).hasSize(9);
        assertThat(draft.months().get(11)).isEqualByComparingTo("83.3338");

        MockHttpServletRequestBuilder save = post(base + "/" + draft.id()).with(csrf()).with(user(coordinator))
                .param("lockVersion", String.valueOf(draft.lockVersion())).param("annualInvestment", "1000.0001")
                .param("profile", "EVEN");
        for (Milestone m : draft.milestones()) {
            save.param("key", m.key()).param("name", "")
                    .param("plannedOn", m.key().equals("START") ? TODAY.minusDays(1).toString() : m.plannedOn().toString());
        }
        mvc.perform(save).andExpect(status().isFound());
        mvc.perform(post(base + "/" + draft.id() + "/approve").with(csrf()).with(user(coordinator)))
                .andExpect(status().isFound());
        mvc.perform(post(base + "/" + draft.id() + "/replan").with(csrf()).with(user(coordinator)))
                .andExpect(status().isFound());

        String html = page(get(base), coordinator, 200);
        assertThat(html).contains("第1版", "已批准", "第2版", "草稿", "83.3338", "id=\"milestone-chart\"", "data-chart=",
                "/webjars/echarts/", "echarts.min.js", "id=\"plan-draft-form\"", "id=\"plan-approve\"");
        assertThat(html).containsPattern("class=\"milestone-row table-danger late\" data-key=\"START\"");
    }

    @Test
    void customMonthsNotAddingUpShowTheFieldErrorAndKeepTheDraftUnchanged() throws Exception {
        TestFixtures.County county = fixtures.county("页面逐月");
        CurrentUser coordinator = coordinatorOf(county);
        ProjectDetails project = fixtures.project("页面逐月项目" + fixtures.unique(), county.town(), "5000");
        String base = "/projects/" + project.id() + "/plan";
        mvc.perform(post(base).with(csrf()).with(user(coordinator)).param("year", "2026").param("annualInvestment", "1200")
                .param("profile", "EVEN")).andExpect(status().isFound());
        Plan draft = queries.plans(project.id(), 2026).get(0);

        MockHttpServletRequestBuilder save = post(base + "/" + draft.id()).with(csrf()).with(user(coordinator))
                .param("lockVersion", String.valueOf(draft.lockVersion())).param("annualInvestment", "1200").param("profile", "CUSTOM");
        for (int m = 1; m <= 12; m++) {
            save.param("month" + m, m == 12 ? "99" : "100");
        }
        String html = mvc.perform(save).andExpect(status().isBadRequest()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);

        assertThat(html).contains("data-field=\"months\"", "各月合计 1,199 万元，与年度计划投资 1,200 万元不符");
        assertThat(queries.plans(project.id(), 2026).get(0).profile()).isEqualTo(SpreadProfile.EVEN);
    }

    @Test
    void theProjectPageLoadsTheChartCardAndAnObserverSeesNoPlanForms() throws Exception {
        TestFixtures.County county = fixtures.county("页面图");
        CurrentUser coordinator = coordinatorOf(county);
        CurrentUser observer = fixtures.login(fixtures.user(Role.OBSERVER, county.region(), null).username());
        ProjectDetails project = fixtures.project("页面图项目" + fixtures.unique(), county.town(), "5000");
        mvc.perform(post("/projects/" + project.id() + "/plan").with(csrf()).with(user(coordinator)).param("year", "2026")
                .param("annualInvestment", "10").param("targetDate", "2026-12-31")).andExpect(status().isFound());

        assertThat(page(get("/projects/" + project.id()), observer, 200))
                .contains("hx-get=\"/projects/" + project.id() + "/plan/chart\"", "hx-trigger=\"load\"");
        String card = page(get("/projects/" + project.id() + "/plan/chart"), observer, 200);
        assertThat(card).contains("id=\"milestone-chart-card\"", "2026年节点图", "竣工投产", "2026-12-31").doesNotContain("<html");
        String plan = page(get("/projects/" + project.id() + "/plan"), observer, 200);
        assertThat(plan).contains("id=\"milestone-table\"").doesNotContain("plan-draft-form", "plan-approve", "plan-actual-form");
        for (String form : List.of("", "/actual")) {
            mvc.perform(post("/projects/" + project.id() + "/plan" + form).with(csrf()).with(user(observer)).param("year", "2027")
                    .param("key", "START").param("reachedOn", "2025-01-01")).andExpect(status().isForbidden());
        }
    }

    @Test
    void countyUserGetsNotFoundForAnotherCountysPlanPage() throws Exception {
        TestFixtures.County mine = fixtures.county("页面本县");
        TestFixtures.County other = fixtures.county("页面邻县");
        ProjectDetails foreign = fixtures.project("页面邻县项目" + fixtures.unique(), other.town(), "5000");

        page(get("/projects/" + foreign.id() + "/plan"), coordinatorOf(mine), 404);
        page(get("/projects/" + foreign.id() + "/plan/chart"), coordinatorOf(mine), 404);
    }

    private CurrentUser coordinatorOf(TestFixtures.County county) {
        return fixtures.login(fixtures.user(Role.COORDINATOR, county.region(), null).username());
    }

    private String page(MockHttpServletRequestBuilder request, CurrentUser as, int expectedStatus) throws Exception {
        return mvc.perform(request.with(user(as))).andExpect(status().is(expectedStatus))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
