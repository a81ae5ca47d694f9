package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.CurrentUser;
import org.keyproject.people.Role;
import org.keyproject.project.ListLevel;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.Stage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** The county's grid of a period: its rows in scope, each saved on change, refused fields marked in the row. */
@IntegrationTest
class ReportGridPagesTest {

    @Autowired MockMvc mvc;
    @Autowired TestFixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired DispatchRequests api;
    @Autowired Periods periods;
    @Autowired Reports reports;

    @Test
    void theGridListsTheCountysReportsAndSavesARowKeepingWhatItDoesNotShow() throws Exception {
        County county = fixtures.county("调度表");
        County other = fixtures.county("调度表外");
        CurrentUser coordinator = fixtures.login(fixtures.user(Role.COORDINATOR, county.region(), null).username());
        ProjectDetails first = listed(county, "甲");
        ProjectDetails second = listed(county, "乙");
        ProjectDetails foreign = listed(other, "丙");
        long period = periods.open(new Periods.NewPeriod(2026, Period.Cadence.MONTHLY, 3, null, null, null), coordinator).id();
        Report existing = reports.save(period, second.id(), new Report.Form(BigDecimal.TEN, null, null, null, "基础施工", "缺少用电指标",
                Map.of(), null, null, null), coordinator);

        String grid = html(mvc.perform(get("/periods/{id}/grid", period).with(user(coordinator))).andExpect(status().isOk()));
        assertThat(grid).contains("table-responsive", "id=\"grid-row-" + first.id() + "\"", "id=\"grid-row-" + second.id() + "\"",
                "hx-post=\"/periods/" + period + "/grid/" + first.id() + "\"", "基础施工")
                .doesNotContain(foreign.name());

        String refused = html(mvc.perform(post("/periods/{id}/grid/{p}", period, first.id()).with(csrf()).with(user(coordinator))
                .param("periodAmount", "-1").param("progressPercent", "120")).andExpect(status().isOk()));
        assertThat(refused).contains("data-errors=\"true\"", "data-field=\"periodAmount\"", "金额不能为负数",
                "data-field=\"progressPercent\"", "value=\"-1\"");
        assertThat(jdbc.sql("SELECT count(*) FROM progress_report WHERE project_id = ?").param(first.id()).query(Long.class).single())
                .isZero();

        String savedRow = html(mvc.perform(post("/periods/{id}/grid/{p}", period, first.id()).with(csrf()).with(user(coordinator))
                .param("periodAmount", "120.5").param("startedOn", "2026-03-02").param("imageProgress", "主体施工")
                .param("progressPercent", "10")).andExpect(status().isOk()));
        assertThat(savedRow).contains("data-errors=\"false\"", "data-state=\"DRAFT\"", "120.50");
        Report saved = reports.get(period, first.id(), coordinator);
        assertThat(saved.ytdAmount()).isEqualByComparingTo("120.5");
        assertThat(saved.startedOn()).isEqualTo(LocalDate.of(2026, 3, 2));
        assertThat(saved.imageProgress()).isEqualTo("主体施工");

        mvc.perform(post("/periods/{id}/grid/{p}", period, second.id()).with(csrf()).with(user(coordinator))
                .param("periodAmount", "15").param("imageProgress", "基础施工").param("version", String.valueOf(existing.version())))
                .andExpect(status().isOk());
        Report updated = reports.get(period, second.id(), coordinator);
        assertThat(updated.periodAmount()).isEqualByComparingTo("15");
        assertThat(updated.problemsText()).as("not in the grid, kept").isEqualTo("缺少用电指标");

        CurrentUser outsider = fixtures.login(fixtures.user(Role.COORDINATOR, other.region(), null).username());
        mvc.perform(post("/periods/{id}/grid/{p}", period, first.id()).with(csrf()).with(user(outsider)).param("periodAmount", "1"))
                .andExpect(status().isNotFound());
    }

    private ProjectDetails listed(County county, String name) {
        ProjectDetails project = fixtures.project(name + "表项目" + fixtures.unique(), county.town(), "2000", Stage.CONSTRUCTION);
        api.onList(project, 2026, ListLevel.COUNTY, county.region().id(), "1000");
        return project;
    }

    private static String html(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
