package org.keyproject.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A route on one project looks the project up in the caller's scope before it looks at the body: a
 * project outside the scope answers 404 even when the body is invalid, and the caller's own project
 * answers 400 with the field errors.
 */
@IntegrationTest
class ScopeBeforeBodyTest {

    @Autowired MockMvc http;
    @Autowired TestFixtures fixtures;
    @Autowired ObjectMapper json;

    @Test
    void countyUserUpdatingAnotherCountysProjectWithAnInvalidBodyGetsNotFoundAndOnItsOwnGetsTheFieldErrors() throws Exception {
        Setup s = setup("改");
        String invalid = """
                {"name": "", "ownerName": "某公司", "regionId": %d, "nature": "NEW", "category": "SOCIAL", "version": 0}
                """.formatted(s.mine.region().id());

        notFound(put("/api/v1/projects/{id}", s.foreign), s.user, invalid);
        notFound(put("/api/v1/projects/{id}", Long.MAX_VALUE), s.user, invalid);

        Map<String, String> errors = badRequest(put("/api/v1/projects/{id}", s.own), s.user, invalid);
        assertThat(errors).containsOnlyKeys("name", "totalInvestment");
        assertThat(errors.get("name")).startsWith("项目名称: ");
        assertThat(errors.get("totalInvestment")).startsWith("总投资（万元）: ");
    }

    @Test
    void transitionWithAnInvalidBodyOnAnotherCountysProjectGetsNotFoundAndOnItsOwnNamesTheTargetStage() throws Exception {
        Setup s = setup("移");
        String invalid = "{\"note\": \"没有目标阶段\"}";

        notFound(post("/api/v1/projects/{id}/transitions", s.foreign), s.user, invalid);

        Map<String, String> errors = badRequest(post("/api/v1/projects/{id}/transitions", s.own), s.user, invalid);
        assertThat(errors).containsOnlyKeys("to");
        assertThat(errors.get("to")).startsWith("目标阶段: ");
    }

    @Test
    void listEntryWithAnInvalidBodyOnAnotherCountysProjectGetsNotFoundAndOnItsOwnNamesTheMissingFields() throws Exception {
        Setup s = setup("单");
        String invalid = "{\"target\": \"START\", \"plannedStartMonth\": 13}";

        notFound(post("/api/v1/projects/{id}/list-entries", s.foreign), s.user, invalid);

        Map<String, String> errors = badRequest(post("/api/v1/projects/{id}/list-entries", s.own), s.user, invalid);
        assertThat(errors).containsOnlyKeys("listId", "plannedInvestment", "plannedStartMonth");
        assertThat(errors.get("plannedStartMonth")).startsWith("计划开工月份: ");
    }

    private record Setup(County mine, UserAccount user, long own, long foreign) {
    }

    private Setup setup(String name) {
        County mine = fixtures.county(name + "本县");
        County other = fixtures.county(name + "邻县");
        long own = fixtures.project(name + "本县项目", mine.town(), "1200").id();
        long foreign = fixtures.project(name + "邻县项目", other.town(), "1300").id();
        return new Setup(mine, fixtures.user(Role.COORDINATOR, mine.region(), null), own, foreign);
    }

    private void notFound(MockHttpServletRequestBuilder request, UserAccount user, String body) throws Exception {
        http.perform(request.with(httpBasic(user.username(), TestFixtures.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    /** The problem detail's errors[] as field → message. */
    private Map<String, String> badRequest(MockHttpServletRequestBuilder request, UserAccount user, String body) throws Exception {
        String answer = http.perform(request.with(httpBasic(user.username(), TestFixtures.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andReturn().getResponse().getContentAsString();
        Map<String, String> errors = new HashMap<>();
        for (JsonNode e : json.readTree(answer).get("errors")) {
            errors.put(e.get("field").asText(), e.get("message").asText());
        }
        return errors;
    }
}
