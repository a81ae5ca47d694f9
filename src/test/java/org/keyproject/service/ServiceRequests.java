package org.keyproject.service;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.keyproject.TestFixtures;
import org.keyproject.people.OrganizationKind;
import org.keyproject.people.People;
import org.keyproject.people.UserAccount;
import org.keyproject.region.Region;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** What the service tests do over HTTP as a given user: create and sign projects, log services, read answers. */
@Component
class ServiceRequests {

    private final ObjectProvider<MockMvc> http;
    private final ObjectMapper json;
    private final TestFixtures fixtures;
    private final People people;

    ServiceRequests(ObjectProvider<MockMvc> http, ObjectMapper json, TestFixtures fixtures, People people) {
        this.http = http;
        this.json = json;
        this.fixtures = fixtures;
        this.people = people;
    }

    long department(String name, Region region) {
        return people.findOrCreateOrganization(OrganizationKind.DEPARTMENT, name + fixtures.unique() + "局", region.id(), false).id();
    }

    /**
     * A project created through the API by the coordinator: in the library (谋划储备) since 1 September
     * 2026, with the leader, department and commissioner given (each may be null).
     */
    long project(UserAccount coordinator, String name, Region region, Long leaderId, Long departmentId, Long commissionerId)
            throws Exception {
        String body = """
                {"name": "%s", "ownerName": "%s有限公司", "regionId": %d, "nature": "NEW", "category": "INDUSTRIAL",
                 "totalInvestment": 1500, "leaderId": %s, "departmentId": %s, "commissionerId": %s,
                 "stage": "RESERVE", "stageDate": "2026-09-01"}
                """.formatted(name, name, region.id(), leaderId, departmentId, commissionerId);
        return answer(send(post("/api/v1/projects"), coordinator, body), 201).get("id").asLong();
    }

    /** Signs the project (签约落地) on the day, through the real transition. */
    void sign(UserAccount coordinator, long projectId, LocalDate day) throws Exception {
        answer(send(post("/api/v1/projects/{id}/transitions", projectId), coordinator,
                "{\"to\": \"SIGNED\", \"effectiveOn\": \"%s\"}".formatted(day)), 200);
    }

    JsonNode log(UserAccount as, long projectId, ServiceKind kind, LocalDate day, String extra) throws Exception {
        return answer(logging(as, projectId, kind, day, extra), 201);
    }

    MvcResult logging(UserAccount as, long projectId, ServiceKind kind, LocalDate day, String extra) throws Exception {
        return send(post("/api/v1/services"), as, """
                {"projectId": %d, "kind": "%s", "servedOn": "%s", "content": "现场查看进度，协调解决用电问题"%s}
                """.formatted(projectId, kind, day, extra.isEmpty() ? "" : ", " + extra));
    }

    /** The promises of a project as they stand on the day, by kind: state and due day. */
    List<JsonNode> promises(UserAccount as, long projectId, LocalDate on) throws Exception {
        return items(answer(send(get("/api/v1/promises").param("projectId", String.valueOf(projectId))
                .param("on", on.toString()), as, ""), 200));
    }

    JsonNode promise(UserAccount as, long projectId, LocalDate on, String kind) throws Exception {
        return promises(as, projectId, on).stream().filter(p -> p.get("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    MvcResult send(MockHttpServletRequestBuilder request, UserAccount as, String body) throws Exception {
        MockHttpServletRequestBuilder r = request.with(httpBasic(as.username(), TestFixtures.PASSWORD));
        if (!body.isEmpty()) {
            r = r.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return http.getObject().perform(r).andReturn();
    }

    /** The answer's body, after checking its status (the body is shown when it differs). */
    JsonNode answer(MvcResult result, int status) throws Exception {
        String body = result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        if (result.getResponse().getStatus() != status) {
            throw new AssertionError("expected " + status + " but was " + result.getResponse().getStatus() + ": " + body);
        }
        return body.isEmpty() ? null : json.readTree(body);
    }

    static List<JsonNode> items(JsonNode page) {
        return rows(page.get("items"));
    }

    static List<JsonNode> rows(JsonNode array) {
        List<JsonNode> rows = new ArrayList<>();
        array.forEach(rows::add);
        return rows;
    }
}
