package org.keyproject.problem;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.dispatch.DispatchRequests;
import org.keyproject.people.OrganizationKind;
import org.keyproject.people.People;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.project.ProjectDetails;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The cast of a problem loop test, each in a county of its own: a coordinator, a commissioner who raises
 * problems on the project assigned to them, a leader, two departments with a handler each (their users
 * sit in another county, so that they see the project only through the problems of their department),
 * and what they do over HTTP.
 */
@Component
class ProblemLoop {

    private final TestFixtures fixtures;
    private final People people;
    private final DispatchRequests http;
    private final JdbcClient jdbc;

    ProblemLoop(TestFixtures fixtures, People people, DispatchRequests http, JdbcClient jdbc) {
        this.fixtures = fixtures;
        this.people = people;
        this.http = http;
        this.jdbc = jdbc;
    }

    record Cast(County county, County elsewhere, UserAccount coordinator, UserAccount commissioner, UserAccount leader,
                long departmentA, UserAccount handlerA, long departmentB, UserAccount handlerB, ProjectDetails project) {
    }

    Cast cast(String name) {
        County county = fixtures.county(name);
        County elsewhere = fixtures.county(name + "外");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        UserAccount commissioner = fixtures.user(Role.COMMISSIONER, county.region(), null);
        UserAccount leader = fixtures.user(Role.LEADER, county.region(), null);
        long departmentA = department(name + "自然资源局", elsewhere);
        long departmentB = department(name + "住建局", elsewhere);
        UserAccount handlerA = fixtures.user(Role.DEPARTMENT, elsewhere.region(), departmentA);
        UserAccount handlerB = fixtures.user(Role.DEPARTMENT, elsewhere.region(), departmentB);
        ProjectDetails project = fixtures.projectAssignedTo(name + "项目" + fixtures.unique(), county.town(), commissioner.id());
        return new Cast(county, elsewhere, coordinator, commissioner, leader, departmentA, handlerA, departmentB, handlerB, project);
    }

    long department(String name, County county) {
        return people.findOrCreateOrganization(OrganizationKind.DEPARTMENT, name + fixtures.unique(), county.region().id(), false).id();
    }

    /** The commissioner raises a problem of the category on the cast's project and answers it. */
    JsonNode raise(Cast c, String category, boolean directLine) throws Exception {
        return http.read(raising(c.commissioner(), c.project().id(), category, directLine));
    }

    ResultActions raising(UserAccount who, long projectId, String category, boolean directLine) throws Exception {
        return http.send(post("/api/v1/problems"), who, """
                {"projectId": %d, "category": "%s", "title": "用地指标未落实", "description": "需自然资源局协调用地指标", "directLine": %s}
                """.formatted(projectId, category, directLine));
    }

    ResultActions move(UserAccount who, long problemId, String body) throws Exception {
        return http.send(post("/api/v1/problems/{id}/transitions", problemId), who, body);
    }

    /** Makes the move with the problem's current version and answers the problem after it. */
    JsonNode act(UserAccount who, long problemId, String action, String extra) throws Exception {
        int version = problem(problemId, who).get("version").asInt();
        String body = "{\"action\": \"%s\", \"version\": %d%s}".formatted(action, version, extra.isEmpty() ? "" : ", " + extra);
        return http.read(move(who, problemId, body));
    }

    JsonNode problem(long problemId, UserAccount who) throws Exception {
        return http.read(http.send(get("/api/v1/problems/{id}", problemId), who, ""));
    }

    /** A problem of the cast brought to the state by the people whose move each step is. */
    long inState(Cast c, ProblemState state) throws Exception {
        long id = raise(c, "LAND", false).get("id").asLong();
        if (state == ProblemState.RAISED) {
            return id;
        }
        if (state == ProblemState.DISMISSED) {
            act(c.coordinator(), id, "DISMISS", "\"reason\": \"重复反映\"");
            return id;
        }
        act(c.coordinator(), id, "ASSIGN", "\"departmentId\": " + c.departmentA());
        if (state == ProblemState.ASSIGNED) {
            return id;
        }
        act(c.handlerA(), id, "START", "");
        if (state == ProblemState.IN_PROGRESS) {
            return id;
        }
        act(c.handlerA(), id, "ANSWER", "\"answer\": \"已调剂用地指标\"");
        if (state == ProblemState.ANSWERED) {
            return id;
        }
        act(c.commissioner(), id, "ACCEPT", "");
        return id;
    }

    /** The items of the user's inbox of a kind, newest first. */
    List<JsonNode> inbox(UserAccount who, String kind) throws Exception {
        JsonNode page = http.read(http.send(get("/api/v1/inbox").param("size", "100"), who, ""));
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(n -> {
            if (n.get("kind").asText().equals(kind)) {
                items.add(n);
            }
        });
        return items;
    }

    /** Ids of the problems a user's list shows with the given query. */
    List<Long> listed(UserAccount who, String query) throws Exception {
        JsonNode page = http.read(http.send(get("/api/v1/problems?size=200&" + query), who, ""));
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(n -> ids.add(n.get("id").asLong()));
        return ids;
    }

    /** Puts the deadline of an assigned problem in the past, as if it had been assigned back then. */
    void deadline(long problemId, String day) {
        jdbc.sql("UPDATE problem SET deadline = CAST(? AS date) WHERE id = ?").params(day, problemId).update();
    }

    void leader(ProjectDetails project, UserAccount leader) {
        jdbc.sql("UPDATE project SET leader_id = ? WHERE id = ?").params(leader.id(), project.id()).update();
    }

    List<String> steps(long problemId) {
        return jdbc.sql("SELECT action FROM problem_step WHERE problem_id = ? ORDER BY id").param(problemId).query(String.class).list();
    }

    DispatchRequests http() {
        return http;
    }
}
