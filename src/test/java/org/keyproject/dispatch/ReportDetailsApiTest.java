package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.project.ListLevel;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.Stage;
import org.springframework.beans.factory.annotation.Autowired;

/** Procedures (手续办理) and milestones reached on a progress report, over the API. */
@IntegrationTest
class ReportDetailsApiTest {

    private static final int YEAR = 2026;

    @Autowired DispatchRequests api;
    @Autowired TestFixtures fixtures;

    @Test
    void proceduresAreSavedReadBackAndBecomeTheNextPeriodsDefault() throws Exception {
        Listed s = listed("手续");
        UserAccount coordinator = s.coordinator();
        ProjectDetails project = s.project();
        long january = s.january();
        long february = api.month(coordinator, YEAR, 2);

        api.read(api.save(coordinator, january, project.id(), """
                {"periodAmount": 10, "procedures": [
                    {"kind": "LAND", "state": "DONE", "date": "2026-01-08"},
                    {"kind": "EIA", "state": "IN_PROGRESS"},
                    {"kind": "OTHER", "name": "水土保持方案", "state": "NOT_STARTED"}]}
                """));
        JsonNode saved = api.read(api.send(get("/api/v1/periods/{id}/reports/{p}", january, project.id()), coordinator, ""));
        JsonNode procedures = saved.get("procedures");
        assertThat(procedures).hasSize(3);
        assertThat(procedures.get(0).get("kind").asText()).isEqualTo("LAND");
        assertThat(procedures.get(0).get("state").asText()).isEqualTo("DONE");
        assertThat(procedures.get(0).get("date").asText()).isEqualTo("2026-01-08");
        assertThat(procedures.get(1).get("state").asText()).isEqualTo("IN_PROGRESS");
        assertThat(procedures.get(2).get("name").asText()).isEqualTo("水土保持方案");

        JsonNode next = api.read(api.save(coordinator, february, project.id(), "{\"periodAmount\": 5}"));
        assertThat(next.get("procedures")).as("copied from January's report").hasSize(3);
        assertThat(next.get("procedures").get(1).get("kind").asText()).isEqualTo("EIA");
        JsonNode changed = api.read(api.save(coordinator, february, project.id(), """
                {"periodAmount": 5, "version": %d, "procedures": [{"kind": "EIA", "state": "DONE", "date": "2026-02-03"}]}
                """.formatted(next.get("version").asInt())));
        assertThat(changed.get("procedures")).as("replaced as given").hasSize(1);
        assertThat(api.read(api.send(get("/api/v1/periods/{id}/reports/{p}", january, project.id()), coordinator, ""))
                .get("procedures")).as("January's report unchanged").hasSize(3);
    }

    @Test
    void aProcedureDoneWithoutADateOrDoneInTheFutureIsRefusedOnItsField() throws Exception {
        Listed s = listed("手续错");
        UserAccount coordinator = s.coordinator();
        ProjectDetails project = s.project();
        long january = s.january();

        api.save(coordinator, january, project.id(), "{\"periodAmount\": 10, \"procedures\": [{\"kind\": \"PLANNING\", \"state\": \"DONE\"}]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("procedures[0].date"))
                .andExpect(jsonPath("$.errors[0].message").value("已办结的手续须填写办结日期"));
        api.save(coordinator, january, project.id(), """
                {"periodAmount": 10, "procedures": [{"kind": "LAND", "state": "NOT_STARTED"},
                    {"kind": "ENERGY", "state": "DONE", "date": "%s"}, {"kind": "OTHER", "state": "DONE", "date": "2026-01-02"}]}
                """.formatted(LocalDate.now(Plans.ZONE).plusDays(1)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("procedures[1].date"))
                .andExpect(jsonPath("$.errors[1].field").value("procedures[2].name"));
        api.send(get("/api/v1/periods/{id}/reports/{p}", january, project.id()), coordinator, "")
                .andExpect(status().isNotFound());
    }

    @Test
    void aMilestoneReachedOnASubmittedReportShowsAsActualInTheMilestoneChart() throws Exception {
        County county = fixtures.county("节点");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        long owner = fixtures.enterprise("节点企业", county.region());
        UserAccount enterprise = fixtures.user(Role.ENTERPRISE, county.region(), owner);
        ProjectDetails project = fixtures.projectWithOwner(fixtures.form("节点项目" + fixtures.unique(), county.town(), "3000")
                .withStage(Stage.CONSTRUCTION, null), owner);
        api.onList(project, YEAR, ListLevel.COUNTY, county.region().id(), "1000");
        api.send(post("/api/v1/projects/{id}/plans", project.id()), coordinator, """
                {"year": %d, "annualInvestment": 1000, "milestones": [
                    {"key": "START", "plannedOn": "2026-03-01"}, {"key": "COMPLETION", "plannedOn": "2027-06-30"}]}
                """.formatted(YEAR)).andExpect(status().isCreated());
        long february = api.month(coordinator, YEAR, 2);

        api.save(enterprise, february, project.id(), """
                {"periodAmount": 20, "milestones": [{"key": "START", "reachedOn": "%s"}]}
                """.formatted(LocalDate.now(Plans.ZONE).plusDays(1)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("milestones[0].reachedOn"));
        JsonNode draft = api.read(api.save(enterprise, february, project.id(),
                "{\"periodAmount\": 20, \"milestones\": [{\"key\": \"START\", \"reachedOn\": \"2026-02-20\"}]}"));
        assertThat(draft.get("milestones").get(0).get("key").asText()).isEqualTo("START");
        assertThat(start(project, coordinator).get("actual").isNull()).as("a draft records nothing yet").isTrue();

        api.read(api.send(post("/api/v1/periods/{id}/reports/{p}/submit", february, project.id()), enterprise, "{}"));

        JsonNode start = start(project, coordinator);
        assertThat(start.get("actual").asText()).isEqualTo("2026-02-20");
        assertThat(start.get("late").asBoolean()).as("reached before its planned day").isFalse();
    }

    private JsonNode start(ProjectDetails project, UserAccount as) throws Exception {
        JsonNode chart = api.read(api.send(get("/api/v1/projects/{id}/milestone-chart", project.id()).param("year", "2026"), as, ""));
        for (JsonNode row : chart.get("milestones")) {
            if (row.get("key").asText().equals("START")) {
                return row;
            }
        }
        throw new AssertionError("no START milestone in " + chart);
    }

    private record Listed(UserAccount coordinator, ProjectDetails project, long january) {
    }

    /** A county's project under construction on the county's list, and January opened by the county's coordinator. */
    private Listed listed(String county) throws Exception {
        County c = fixtures.county(county);
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, c.region(), null);
        ProjectDetails project = fixtures.project("手续项目" + fixtures.unique(), c.town(), "5000", Stage.CONSTRUCTION);
        api.onList(project, YEAR, ListLevel.COUNTY, c.region().id(), "1000");
        return new Listed(coordinator, project, api.month(coordinator, YEAR, 1));
    }
}
