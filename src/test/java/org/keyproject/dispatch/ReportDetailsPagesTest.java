package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
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
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The procedure table and the milestones reached on the report page. */
@IntegrationTest
class ReportDetailsPagesTest {

    @Autowired MockMvc mvc;
    @Autowired TestFixtures fixtures;
    @Autowired DispatchRequests api;
    @Autowired Periods periods;
    @Autowired Reports reports;

    @Test
    void aDoneProcedureWithoutADateIsMarkedOnItsRowAndSavedOnceDated() throws Exception {
        County county = fixtures.county("手续页");
        CurrentUser coordinator = fixtures.login(fixtures.user(Role.COORDINATOR, county.region(), null).username());
        ProjectDetails project = fixtures.project("手续页项目" + fixtures.unique(), county.town(), "2000", Stage.CONSTRUCTION);
        api.onList(project, 2026, ListLevel.COUNTY, county.region().id(), "1000");
        long period = periods.open(new Periods.NewPeriod(2026, Period.Cadence.MONTHLY, 1, null, null, null), coordinator).id();
        String page = "/periods/" + period + "/reports/" + project.id();

        String empty = html(mvc.perform(get(page).with(user(coordinator))).andExpect(status().isOk()));
        assertThat(empty).contains("name=\"procedure.0.kind\" value=\"LAND\"", "name=\"procedure.4.kind\" value=\"CONSTRUCTION_PERMIT\"",
                "name=\"procedure.5.kind\" value=\"OTHER\"", "name=\"milestone.0.key\"");

        // the LAND row left without a state is not sent on; PLANNING (row 1) is the first procedure given
        String refused = html(mvc.perform(form(page, coordinator, "procedure.1.state", "DONE"))
                .andExpect(status().isBadRequest()));
        assertThat(refused).contains("data-field=\"procedure.1.date\"", "已办结的手续须填写办结日期");

        String future = LocalDate.now(Plans.ZONE).plusDays(2).toString();
        String refusedMilestone = html(mvc.perform(form(page, coordinator, "procedure.1.state", "DONE",
                "procedure.1.date", "2026-01-10", "milestone.0.key", "START", "milestone.0.reachedOn", future))
                .andExpect(status().isBadRequest()));
        assertThat(refusedMilestone).contains("data-field=\"milestone.0.reachedOn\"", "实际完成日期不能晚于今天");

        mvc.perform(form(page, coordinator, "procedure.1.state", "DONE", "procedure.1.date", "2026-01-10",
                        "procedure.5.name", "水土保持", "procedure.5.state", "IN_PROGRESS",
                        "milestone.0.key", "START", "milestone.0.reachedOn", "2026-01-15"))
                .andExpect(status().isFound());
        Report saved = reports.get(period, project.id(), coordinator);
        assertThat(saved.procedures()).containsExactly(new Report.Procedure("PLANNING", null, "DONE", LocalDate.of(2026, 1, 10)),
                new Report.Procedure("OTHER", "水土保持", "IN_PROGRESS", null));
        assertThat(saved.milestones()).containsExactly(new Report.Reached("START", LocalDate.of(2026, 1, 15)));

        String shown = html(mvc.perform(get(page).with(user(coordinator))).andExpect(status().isOk()));
        assertThat(shown).contains("value=\"水土保持\"", "value=\"2026-01-10\"", "value=\"2026-01-15\"");
    }

    /** The page's form as a browser sends it: every row of the table, blank unless given as name, value pairs. */
    private MockHttpServletRequestBuilder form(String page, CurrentUser as, String... given) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("amountKind", "period");
        fields.put("amount", "10");
        fields.put("action", "save");
        for (int row = 0; row < ReportDetails.KINDS.size(); row++) {
            fields.put("procedure." + row + ".kind", ReportDetails.KINDS.get(row));
            for (String part : new String[] {"name", "state", "date"}) {
                fields.put("procedure." + row + "." + part, "");
            }
        }
        fields.put("milestone.0.key", "");
        fields.put("milestone.0.reachedOn", "");
        for (int i = 0; i < given.length; i += 2) {
            fields.put(given[i], given[i + 1]);
        }
        MockHttpServletRequestBuilder r = post(page).with(csrf()).with(user(as));
        for (Map.Entry<String, String> f : fields.entrySet()) {
            r = r.param(f.getKey(), f.getValue());
        }
        return r;
    }

    private static String html(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
