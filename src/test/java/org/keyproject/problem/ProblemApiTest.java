package org.keyproject.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.audit.AuditTrail;
import org.keyproject.calendar.WorkingDays;
import org.keyproject.dispatch.DispatchRequests;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.problem.ProblemLoop.Cast;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;

/** The problem loop over HTTP: every move, who may make it, scope, versions, listing, deadlines, attachments. */
@IntegrationTest
class ProblemApiTest {

    @Autowired ProblemLoop loop;
    @Autowired DispatchRequests http;
    @Autowired TestFixtures fixtures;
    @Autowired WorkingDays workingDays;
    @Autowired AuditTrail audit;

    @Test
    void raisedAssignedStartedAnsweredReturnedAnsweredAgainAndAcceptedIsClosedWithEveryStepDatedWhoAndWhy() throws Exception {
        Cast c = loop.cast("闭环");
        JsonNode raised = loop.raise(c, "LAND", false);
        long id = raised.get("id").asLong();
        assertThat(raised.get("state").asText()).isEqualTo("RAISED");
        assertThat(raised.get("regionId").asLong()).isEqualTo(c.county().town().id());

        JsonNode assigned = loop.act(c.coordinator(), id, "ASSIGN", "\"departmentId\": " + c.departmentA());
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        assertThat(assigned.get("state").asText()).isEqualTo("ASSIGNED");
        assertThat(assigned.get("departmentId").asLong()).isEqualTo(c.departmentA());
        assertThat(assigned.get("deadline").asText()).as("用地: 15 working days by default")
                .isEqualTo(workingDays.add(today, 15).toString());
        assertThat(loop.inbox(c.handlerA(), "PROBLEM_ASSIGNED")).hasSize(1);
        assertThat(loop.inbox(c.handlerB(), "PROBLEM_ASSIGNED")).isEmpty();

        assertThat(loop.act(c.handlerA(), id, "START", "").get("state").asText()).isEqualTo("IN_PROGRESS");
        assertThat(loop.act(c.handlerA(), id, "ANSWER", "\"answer\": \"已报请调剂指标\"").get("state").asText()).isEqualTo("ANSWERED");
        assertThat(loop.inbox(c.commissioner(), "PROBLEM_ANSWERED")).singleElement()
                .satisfies(n -> assertThat(n.get("body").asText()).contains("已报请调剂指标"));

        JsonNode returned = loop.act(c.commissioner(), id, "REJECT", "\"reason\": \"指标尚未下达\"");
        assertThat(returned.get("state").asText()).isEqualTo("IN_PROGRESS");
        assertThat(loop.inbox(c.handlerA(), "PROBLEM_RETURNED")).singleElement()
                .satisfies(n -> assertThat(n.get("body").asText()).contains("指标尚未下达"));

        loop.act(c.handlerA(), id, "ANSWER", "\"answer\": \"指标已下达\"");
        JsonNode closed = loop.act(c.commissioner(), id, "ACCEPT", "");
        assertThat(closed.get("state").asText()).isEqualTo("CLOSED");
        assertThat(closed.get("closedAt").isNull()).isFalse();
        assertThat(closed.get("answer").asText()).isEqualTo("指标已下达");

        List<JsonNode> steps = new ArrayList<>();
        closed.get("steps").forEach(steps::add);
        assertThat(steps).extracting(s -> s.get("action").asText())
                .containsExactly("RAISE", "ASSIGN", "START", "ANSWER", "REJECT", "ANSWER", "ACCEPT");
        assertThat(steps).extracting(s -> s.get("actorId").asLong()).containsExactly(c.commissioner().id(),
                c.coordinator().id(), c.handlerA().id(), c.handlerA().id(), c.commissioner().id(), c.handlerA().id(),
                c.commissioner().id());
        assertThat(steps).allSatisfy(s -> assertThat(s.get("at").isNull()).isFalse());
        assertThat(steps.get(4).get("text").asText()).isEqualTo("指标尚未下达");
        assertThat(steps.get(4).get("fromState").asText()).isEqualTo("ANSWERED");
        assertThat(steps.get(4).get("toState").asText()).isEqualTo("IN_PROGRESS");
        assertThat(steps.get(1).get("deadlineAfter").asText()).isEqualTo(assigned.get("deadline").asText());
        assertThat(audit.history(Problems.AUDIT_TYPE, id)).extracting(e -> e.action())
                .containsExactly("ACCEPT", "ANSWER", "REJECT", "ANSWER", "START", "ASSIGN", "CREATE");
    }

    @Test
    void theCoordinatorDismissesARaisedProblemOnlyWithAReason() throws Exception {
        Cast c = loop.cast("不予受理");
        long id = loop.raise(c, "OTHER", false).get("id").asLong();

        http.send(post("/api/v1/problems/{id}/transitions", id), c.coordinator(), "{\"action\": \"DISMISS\", \"version\": 0}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("reason"));
        JsonNode dismissed = loop.act(c.coordinator(), id, "DISMISS", "\"reason\": \"非项目问题\"");

        assertThat(dismissed.get("state").asText()).isEqualTo("DISMISSED");
        assertThat(loop.listed(c.coordinator(), "projectId=" + c.project().id() + "&state=RAISED")).doesNotContain(id);
        assertThat(loop.listed(c.coordinator(), "projectId=" + c.project().id() + "&state=DISMISSED")).containsExactly(id);
    }

    /**
     * In every state, each move that does not start from it, made by someone who could make it in the
     * right state, answers 409 naming the state and changes nothing (a problem assigned to no department
     * is not found by a department's handler).
     */
    @Test
    void everyMoveTheStateDoesNotAllowAnswers409NamingTheStateAndChangesNothing() throws Exception {
        Cast c = loop.cast("非法");
        int conflicts = 0;
        for (ProblemState state : ProblemState.values()) {
            long id = loop.inState(c, state);
            JsonNode before = loop.problem(id, c.coordinator());
            for (ProblemAction action : ProblemAction.values()) {
                if (action.from() == state) {
                    continue;
                }
                UserAccount actor = switch (action) {
                    case ASSIGN, DISMISS -> c.coordinator();
                    case START, ANSWER -> c.handlerA();
                    case ACCEPT, REJECT -> c.commissioner();
                };
                boolean departmentKnown = before.get("departmentId").isNumber();
                String body = "{\"action\": \"%s\", \"version\": %d, \"departmentId\": %d, \"answer\": \"答复\", \"reason\": \"原因\"}"
                        .formatted(action, before.get("version").asInt(), c.departmentA());
                if ((action == ProblemAction.START || action == ProblemAction.ANSWER) && !departmentKnown) {
                    loop.move(actor, id, body).andExpect(status().isNotFound()); // no department sees it
                    continue;
                }
                loop.move(actor, id, body).andExpect(status().isConflict())
                        .andExpect(jsonPath("$.state").value(state.name()))
                        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("问题当前状态为")));
                conflicts++;
            }
            JsonNode after = loop.problem(id, c.coordinator());
            assertThat(after.get("version").asInt()).as(state.name()).isEqualTo(before.get("version").asInt());
            assertThat(after.get("state").asText()).isEqualTo(state.name());
        }
        assertThat(conflicts).isGreaterThan(20);
    }

    @Test
    void aMoveBySomeoneWhoseItIsNotAnswers403() throws Exception {
        Cast c = loop.cast("越权");
        long raised = loop.inState(c, ProblemState.RAISED);
        UserAccount otherCommissioner = fixtures.user(Role.COMMISSIONER, c.county().region(), null);
        loop.move(otherCommissioner, raised, "{\"action\": \"ASSIGN\", \"version\": 0, \"departmentId\": " + c.departmentA() + "}")
                .andExpect(status().isForbidden());
        long answered = loop.inState(c, ProblemState.ANSWERED);
        int version = loop.problem(answered, c.coordinator()).get("version").asInt();
        loop.move(c.handlerA(), answered, "{\"action\": \"ACCEPT\", \"version\": %d}".formatted(version))
                .andExpect(status().isForbidden());
        loop.move(otherCommissioner, answered, "{\"action\": \"REJECT\", \"version\": %d, \"reason\": \"不行\"}".formatted(version))
                .andExpect(status().isForbidden());
        http.send(post("/api/v1/problems"), fixtures.user(Role.OBSERVER, c.county().region(), null),
                "{\"projectId\": %d, \"category\": \"LAND\", \"title\": \"x\"}".formatted(c.project().id()))
                .andExpect(status().isForbidden());
    }

    @Test
    void onlyTheAssignmentCorrectsTheCategoryAndTheDepartmentsStepsCannot() throws Exception {
        Cast c = loop.cast("改类别");
        long id = loop.inState(c, ProblemState.ASSIGNED);
        String category = loop.problem(id, c.coordinator()).get("category").asText();
        String other = category.equals("FUNDING") ? "LAND" : "FUNDING";

        loop.act(c.handlerA(), id, "START", "\"category\": \"" + other + "\"");

        assertThat(loop.problem(id, c.coordinator()).get("category").asText()).isEqualTo(category);
    }

    @Test
    void aStaleVersionIsRefusedWith409AndTheCurrentVersion() throws Exception {
        Cast c = loop.cast("版本");
        long id = loop.inState(c, ProblemState.ASSIGNED);
        int version = loop.problem(id, c.handlerA()).get("version").asInt();
        loop.move(c.handlerA(), id, "{\"action\": \"START\", \"version\": %d}".formatted(version - 1))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.currentVersion").value(version));
        loop.move(c.handlerA(), id, "{\"action\": \"START\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("version"));
        http.read(http.send(post("/api/v1/problems/{id}/transitions", id).header("If-Match", "\"" + version + "\""),
                c.handlerA(), "{\"action\": \"START\"}"));
    }

    @Test
    void aDepartmentHandlerSeesAndHandlesOnlyItsDepartmentsProblemsAndTheirProjects() throws Exception {
        Cast c = loop.cast("部门范围");
        long id = loop.inState(c, ProblemState.ASSIGNED);
        long unassigned = loop.inState(c, ProblemState.RAISED);

        assertThat(loop.listed(c.handlerA(), "")).contains(id).doesNotContain(unassigned);
        http.read(http.send(get("/api/v1/projects/{id}", c.project().id()), c.handlerA(), ""));

        assertThat(loop.listed(c.handlerB(), "")).doesNotContain(id, unassigned);
        http.send(get("/api/v1/problems/{id}", id), c.handlerB(), "").andExpect(status().isNotFound());
        loop.move(c.handlerB(), id, "{\"action\": \"START\", \"version\": 1}").andExpect(status().isNotFound());
        http.send(get("/api/v1/projects/{id}", c.project().id()), c.handlerB(), "").andExpect(status().isNotFound());
        assertThat(loop.listed(c.handlerA(), "departmentId=" + c.departmentA())).contains(id);
    }

    @Test
    void aCountyUserSeesNoProblemOfAnotherCounty() throws Exception {
        Cast c = loop.cast("县区范围");
        long id = loop.inState(c, ProblemState.RAISED);
        UserAccount otherCoordinator = fixtures.user(Role.COORDINATOR, c.elsewhere().region(), null);

        assertThat(loop.listed(otherCoordinator, "")).doesNotContain(id);
        http.send(get("/api/v1/problems/{id}", id), otherCoordinator, "").andExpect(status().isNotFound());
        loop.move(otherCoordinator, id, "{\"action\": \"DISMISS\", \"version\": 0, \"reason\": \"x\"}").andExpect(status().isNotFound());
        loop.raising(otherCoordinator, c.project().id(), "LAND", false).andExpect(status().isNotFound());
        assertThat(loop.listed(c.coordinator(), "regionId=" + c.county().region().id())).contains(id);
        assertThat(loop.listed(c.coordinator(), "regionId=" + c.elsewhere().region().id())).doesNotContain(id);
    }

    @Test
    void aListedProblemsDeadlineMovesOnlyWithAReasonAndTheMoveIsInItsHistory() throws Exception {
        Cast c = loop.cast("挂牌");
        long id = loop.inState(c, ProblemState.IN_PROGRESS);
        long other = loop.inState(c, ProblemState.IN_PROGRESS);
        JsonNode before = loop.problem(id, c.coordinator());
        http.send(post("/api/v1/problems/{id}/listing", id), c.handlerA(), "{\"listed\": true, \"version\": %d}"
                .formatted(before.get("version").asInt())).andExpect(status().isForbidden());
        JsonNode listed = http.read(http.send(post("/api/v1/problems/{id}/listing", id), c.coordinator(),
                "{\"listed\": true, \"version\": %d, \"reason\": \"市政府挂牌\"}".formatted(before.get("version").asInt())));
        assertThat(listed.get("listed").asBoolean()).isTrue();
        assertThat(loop.listed(c.coordinator(), "listed=true")).contains(id).doesNotContain(other);

        LocalDate later = workingDays.add(LocalDate.parse(listed.get("deadline").asText()), 5);
        String move = "{\"deadline\": \"%s\", \"version\": %d%s}";
        http.send(post("/api/v1/problems/{id}/deadline", id), c.coordinator(), move.formatted(later, listed.get("version").asInt(), ""))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("reason"));
        JsonNode moved = http.read(http.send(post("/api/v1/problems/{id}/deadline", id), c.coordinator(),
                move.formatted(later, listed.get("version").asInt(), ", \"reason\": \"待省厅批复\"")));

        assertThat(moved.get("deadline").asText()).isEqualTo(later.toString());
        JsonNode step = moved.get("steps").get(moved.get("steps").size() - 1);
        assertThat(step.get("action").asText()).isEqualTo("DEADLINE");
        assertThat(step.get("deadlineBefore").asText()).isEqualTo(listed.get("deadline").asText());
        assertThat(step.get("deadlineAfter").asText()).isEqualTo(later.toString());
        assertThat(step.get("text").asText()).isEqualTo("待省厅批复");
        JsonNode unlisted = loop.problem(other, c.coordinator());
        http.read(http.send(post("/api/v1/problems/{id}/deadline", other), c.coordinator(),
                move.formatted(later, unlisted.get("version").asInt(), "")));
    }

    @Test
    void categoryDefaultsAreEditedByCoordinatorsAndUsedWhenAssigning() throws Exception {
        Cast c = loop.cast("时限");
        http.send(put("/api/v1/problem-categories/UTILITIES"), c.commissioner(), "{\"workingDays\": 3}")
                .andExpect(status().isForbidden());
        http.send(put("/api/v1/problem-categories/UTILITIES"), c.coordinator(), "{\"workingDays\": 0}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("workingDays"));
        JsonNode defaults = http.read(http.send(put("/api/v1/problem-categories/UTILITIES"), c.coordinator(), "{\"workingDays\": 7}"));
        assertThat(defaults.findValues("category")).hasSize(ProblemCategory.values().length);
        try {
            long id = loop.raise(c, "UTILITIES", false).get("id").asLong();
            JsonNode assigned = loop.act(c.coordinator(), id, "ASSIGN", "\"departmentId\": " + c.departmentB());
            assertThat(assigned.get("deadline").asText())
                    .isEqualTo(workingDays.add(LocalDate.now(ZoneId.of("Asia/Shanghai")), 7).toString());
            assertThat(assigned.get("deadlineDays").asInt()).isEqualTo(7);
            long given = loop.raise(c, "UTILITIES", false).get("id").asLong();
            assertThat(loop.act(c.coordinator(), given, "ASSIGN", "\"departmentId\": %d, \"workingDays\": 2".formatted(c.departmentB()))
                    .get("deadlineDays").asInt()).isEqualTo(2);
        } finally {
            http.read(http.send(put("/api/v1/problem-categories/UTILITIES"), c.coordinator(), "{\"workingDays\": 5}"));
        }
    }

    @Test
    void attachmentsAreTypedByTheirFirstBytesAndServedToWhoeverSeesTheProblem() throws Exception {
        Cast c = loop.cast("附件");
        long id = loop.inState(c, ProblemState.RAISED);
        byte[] pdf = "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        JsonNode added = http.read(http.send(multipart("/api/v1/problems/{id}/attachments", id)
                .file(new MockMultipartFile("file", "协调函.pdf", "text/plain", pdf)), c.commissioner(), ""));
        assertThat(added.get("contentType").asText()).isEqualTo("application/pdf");
        http.send(multipart("/api/v1/problems/{id}/attachments", id)
                        .file(new MockMultipartFile("file", "photo.jpg", "image/jpeg", "not an image".getBytes())), c.commissioner(), "")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("file"));

        byte[] served = http.send(get("/api/v1/problems/{id}/attachments/{a}", id, added.get("id").asLong()), c.coordinator(), "")
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(served).isEqualTo(pdf);
        http.send(get("/api/v1/problems/{id}/attachments/{a}", id, added.get("id").asLong()), c.handlerB(), "")
                .andExpect(status().isNotFound());
        assertThat(loop.problem(id, c.coordinator()).get("attachments").get(0).get("filename").asText()).isEqualTo("协调函.pdf");
    }
}
