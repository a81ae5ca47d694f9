package org.keyproject.dispatch;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.keyproject.TestFixtures;
import org.keyproject.people.UserAccount;
import org.keyproject.project.ListEntryForm;
import org.keyproject.project.ListLevel;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.Projects;
import org.keyproject.project.YearTarget;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** What the dispatch API tests do over HTTP as a given user: open periods, save reports, read answers. */
@Component
public class DispatchRequests {

    /** Only the tests' context has MockMvc; an app started from the test classpath must still build this bean. */
    private final ObjectProvider<MockMvc> http;
    private final ObjectMapper json;
    private final TestFixtures fixtures;
    private final Projects projects;

    DispatchRequests(ObjectProvider<MockMvc> http, ObjectMapper json, TestFixtures fixtures, Projects projects) {
        this.http = http;
        this.json = json;
        this.fixtures = fixtures;
        this.projects = projects;
    }

    /** Puts the project on the year's list of the level and region, as a continuing project. */
    public void onList(ProjectDetails project, int year, ListLevel level, long regionId, String planned) {
        long list = projects.listFor(year, level, regionId, fixtures.admin()).id();
        projects.putOnList(project.id(), new ListEntryForm(list, new BigDecimal(planned), YearTarget.CONTINUE, null), fixtures.admin());
    }

    /** Opens the monthly period of the coordinator's region and answers its id. */
    public long month(UserAccount coordinator, int year, int month) throws Exception {
        return read(send(post("/api/v1/periods"), coordinator,
                "{\"year\": %d, \"cadence\": \"MONTHLY\", \"month\": %d}".formatted(year, month))
                .andExpect(status().isCreated())).get("id").asLong();
    }

    ResultActions save(UserAccount as, long period, long project, String body) throws Exception {
        return send(put("/api/v1/periods/{id}/reports/{p}", period, project), as, body);
    }

    public ResultActions send(MockHttpServletRequestBuilder request, UserAccount as, String body) throws Exception {
        MockHttpServletRequestBuilder r = request.with(httpBasic(as.username(), TestFixtures.PASSWORD));
        if (!body.isEmpty()) {
            r = r.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return http.getObject().perform(r);
    }

    /** The answer's body, after checking it succeeded. */
    public JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andExpect(status().is2xxSuccessful()).andReturn().getResponse().getContentAsString());
    }

    static List<JsonNode> rows(JsonNode array) {
        List<JsonNode> rows = new ArrayList<>();
        array.forEach(rows::add);
        return rows;
    }
}
