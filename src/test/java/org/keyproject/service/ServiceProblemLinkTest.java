package org.keyproject.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Services linked to the problems they raised or helped close: a new problem raised from a service, the
 * links on the service and on the problem's page, problems of another project refused, closing only by
 * the loop, and the problems solved per person.
 */
@IntegrationTest
class ServiceProblemLinkTest {

    private static final LocalDate OCT_9 = LocalDate.of(2026, 10, 9);

    @Autowired ServiceRequests api;
    @Autowired TestFixtures fixtures;
    @Autowired MockMvc mvc;

    @Test
    void aServiceRaisesANewProblemAndLinksTheProblemsItHelpedCloseWhichCloseOnlyThroughTheLoop() throws Exception {
        County county = fixtures.county("服务问题");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        UserAccount commissioner = fixtures.user(Role.COMMISSIONER, county.region(), null);
        long department = api.department("供电", county.region());
        UserAccount handler = fixtures.user(Role.DEPARTMENT, county.region(), department);
        long project = api.project(coordinator, "服务问题项目" + fixtures.unique(), county.town(), null, null, commissioner.id());
        long answered = problem(commissioner, project, "施工用电未接入");
        move(coordinator, answered, "ASSIGN", "\"departmentId\": " + department);
        move(handler, answered, "START", "");
        move(handler, answered, "ANSWER", "\"answer\": \"已安排临时用电\"");

        JsonNode logged = api.log(commissioner, project, ServiceKind.SITE_VISIT, OCT_9, """
                "closedProblemIds": [%d],
                "newProblems": [{"category": "LAND", "title": "红线内有两户未搬迁", "description": "需拆迁办协调"}]
                """.formatted(answered));

        List<JsonNode> links = ServiceRequests.rows(logged.get("problems"));
        assertThat(links).hasSize(2);
        JsonNode raised = links.get(0);
        assertThat(raised.get("role").asText()).isEqualTo("RAISED");
        assertThat(raised.get("title").asText()).isEqualTo("红线内有两户未搬迁");
        assertThat(raised.get("state").asText()).isEqualTo("RAISED");
        JsonNode problem = api.answer(api.send(get("/api/v1/problems/{id}", raised.get("problemId").asLong()), coordinator, ""), 200);
        assertThat(problem.get("projectId").asLong()).isEqualTo(project);
        assertThat(problem.get("category").asText()).isEqualTo("LAND");
        assertThat(problem.get("raisedBy").asLong()).as("raised as whoever logged the service").isEqualTo(commissioner.id());
        assertThat(links.get(1).get("role").asText()).isEqualTo("CLOSED");
        assertThat(links.get(1).get("problemId").asLong()).isEqualTo(answered);
        assertThat(api.answer(api.send(get("/api/v1/problems/{id}", answered), coordinator, ""), 200).get("state").asText())
                .as("linking does not close: the raiser still accepts the answer").isEqualTo("ANSWERED");

        JsonNode statistics = api.answer(api.send(get("/api/v1/services/statistics").param("from", "2026-10-01"), coordinator, ""), 200);
        assertThat(statistics.get("byPerson").get(0).get("problemsSolved").asLong()).as("not closed yet").isZero();
        move(commissioner, answered, "ACCEPT", "");
        statistics = api.answer(api.send(get("/api/v1/services/statistics").param("from", "2026-10-01"), coordinator, ""), 200);
        assertThat(statistics.get("byPerson").get(0).get("id").asLong()).isEqualTo(commissioner.id());
        assertThat(statistics.get("byPerson").get(0).get("problemsSolved").asLong()).isEqualTo(1);
        assertThat(statistics.get("total").get("problemsSolved").asLong()).as("closed today, in the range").isEqualTo(1);

        JsonNode byProblem = api.answer(api.send(get("/api/v1/services").param("problemId", String.valueOf(answered)),
                coordinator, ""), 200);
        assertThat(byProblem.get("total").asInt()).isEqualTo(1);
        String card = page(get("/problems/{id}/services", answered), coordinator, 200);
        assertThat(card).contains("相关服务", "协调解决", "现场查看进度");
        String problemPage = page(get("/problems/{id}", answered), coordinator, 200);
        assertThat(problemPage).contains("/problems/" + answered + "/services");
        String ledger = page(get("/services").param("projectId", String.valueOf(project)).param("from", "2026-10-01"), coordinator, 200);
        assertThat(ledger).contains("反映：红线内有两户未搬迁", "协调解决：施工用电未接入");

        JsonNode audit = api.answer(api.send(get("/api/v1/services/{id}/audit", logged.get("id").asLong()), coordinator, ""), 200);
        assertThat(audit.get(0).get("after").toString()).contains("CLOSED:" + answered);
    }

    @Test
    void aProblemOfAnotherProjectOrOutOfSightIsRefusedAndAHandlerMayNotRaiseFromAService() throws Exception {
        County county = fixtures.county("关联");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        long department = api.department("住建", county.region());
        UserAccount handler = fixtures.user(Role.DEPARTMENT, county.region(), department);
        long project = api.project(coordinator, "关联项目" + fixtures.unique(), county.town(), null, department, null);
        long otherProject = api.project(coordinator, "另一项目" + fixtures.unique(), county.town(), null, null, null);
        long foreign = problem(coordinator, otherProject, "另一项目的问题");

        JsonNode refused = api.answer(api.logging(coordinator, project, ServiceKind.CONTACT, OCT_9,
                "\"closedProblemIds\": [%d], \"raisedProblemIds\": [999999999]".formatted(foreign)), 400);
        assertThat(refused.get("errors").findValues("field").stream().map(JsonNode::asText).toList())
                .containsExactlyInAnyOrder("closedProblemIds", "raisedProblemIds");
        assertThat(api.answer(api.send(get("/api/v1/services").param("projectId", String.valueOf(project)), coordinator, ""), 200)
                .get("total").asInt()).as("nothing written").isZero();

        JsonNode noTitle = api.answer(api.logging(coordinator, project, ServiceKind.CONTACT, OCT_9,
                "\"newProblems\": [{\"category\": \"LAND\"}]"), 400);
        assertThat(noTitle.get("errors").get(0).get("field").asText()).isEqualTo("newProblems.title");
        api.answer(api.logging(handler, project, ServiceKind.CONTACT, OCT_9,
                "\"newProblems\": [{\"category\": \"LAND\", \"title\": \"用地\"}]"), 403);

        long own = problem(coordinator, project, "本项目的问题");
        JsonNode logged = api.log(coordinator, project, ServiceKind.CONTACT, OCT_9, "\"raisedProblemIds\": [%d]".formatted(own));
        JsonNode corrected = api.answer(api.send(put("/api/v1/services/{id}", logged.get("id").asLong()), coordinator, """
                {"projectId": %d, "kind": "CONTACT", "servedOn": "%s", "content": "电话联系", "version": %d,
                 "raisedProblemIds": [], "closedProblemIds": [%d]}
                """.formatted(project, OCT_9, logged.get("version").asInt(), own)), 200);
        assertThat(ServiceRequests.rows(corrected.get("problems"))).singleElement()
                .satisfies(l -> assertThat(l.get("role").asText()).isEqualTo("CLOSED"));
    }

    @Test
    void theQuickFormRaisesANewProblemAndMarksAnOpenOneAsHelpedClose() throws Exception {
        County county = fixtures.county("快登");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        UserAccount commissioner = fixtures.user(Role.COMMISSIONER, county.region(), null);
        long project = api.project(coordinator, "快登项目" + fixtures.unique(), county.town(), null, null, commissioner.id());
        long open = problem(commissioner, project, "进场道路未硬化");

        String choices = page(get("/services/new/problems").param("projectId", String.valueOf(project)), commissioner, 200);
        assertThat(choices).contains("进场道路未硬化", "name=\"problem-" + open + "\"", "协调解决");
        assertThat(page(get("/services/new").param("projectId", String.valueOf(project)), commissioner, 200))
                .contains("name=\"newProblemTitle\"", "name=\"problem-" + open + "\"");

        MvcResult saved = mvc.perform(post("/services").with(csrf()).with(user(fixtures.login(commissioner.username())))
                .param("projectId", String.valueOf(project)).param("kind", "SITE_VISIT").param("servedOn", OCT_9.toString())
                .param("content", "察看道路").param("newProblemCategory", "UTILITIES").param("newProblemTitle", "临时用水不足")
                .param("problem-" + open, "CLOSED")).andReturn();
        assertThat(saved.getResponse().getStatus()).isEqualTo(302);

        JsonNode service = api.answer(api.send(get("/api/v1/services").param("projectId", String.valueOf(project)), commissioner, ""),
                200).get("items").get(0);
        assertThat(ServiceRequests.rows(service.get("problems")).stream().map(l -> l.get("role").asText() + ":" + l.get("title").asText()))
                .containsExactly("RAISED:临时用水不足", "CLOSED:进场道路未硬化");
    }

    private long problem(UserAccount who, long projectId, String title) throws Exception {
        return api.answer(api.send(post("/api/v1/problems"), who, """
                {"projectId": %d, "category": "UTILITIES", "title": "%s"}
                """.formatted(projectId, title)), 201).get("id").asLong();
    }

    private void move(UserAccount who, long problemId, String action, String extra) throws Exception {
        int version = api.answer(api.send(get("/api/v1/problems/{id}", problemId), who, ""), 200).get("version").asInt();
        api.answer(api.send(post("/api/v1/problems/{id}/transitions", problemId), who,
                "{\"action\": \"%s\", \"version\": %d%s}".formatted(action, version, extra.isEmpty() ? "" : ", " + extra)), 200);
    }

    private String page(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, UserAccount who,
                        int status) throws Exception {
        MvcResult result = mvc.perform(request.with(user(fixtures.login(who.username())))).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(status);
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
