package org.keyproject.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class RegionApiTest {

    private static final String ADMIN_PASSWORD = "test-admin-password-1";

    @Autowired MockMvc http;
    @Autowired TestFixtures fixtures;
    @Autowired ObjectMapper json;

    @Test
    void regionWithoutACodeIsRefusedNamingTheAdministrativeDivisionCodeNotAProjectCode() throws Exception {
        County county = fixtures.county("区划");
        String body = "{\"name\": \"无代码街道\", \"kind\": \"STREET\", \"parentId\": %d}".formatted(county.region().id());

        String message = codeError(body, "zh-CN");

        assertThat(message).startsWith("行政区划代码: ").doesNotContain("项目编码");
    }

    @Test
    void regionWithoutACodeNamesTheRegionCodeInEnglishWhenAsked() throws Exception {
        County county = fixtures.county("区划英");
        String body = "{\"name\": \"无代码街道\", \"kind\": \"STREET\", \"parentId\": %d}".formatted(county.region().id());

        assertThat(codeError(body, "en")).startsWith("Region code (administrative division code): ");
    }

    @Test
    void regionCodeOfTheWrongJsonTypeIsNamedAsTheAdministrativeDivisionCode() throws Exception {
        County county = fixtures.county("区划型");
        String body = "{\"code\": {\"x\": 1}, \"name\": \"错码街道\", \"kind\": \"STREET\", \"parentId\": %d}".formatted(county.region().id());

        assertThat(codeError(body, "zh-CN")).contains("行政区划代码").doesNotContain("项目编码");
    }

    @Test
    void nonAdministratorAddingAnInvalidRegionIsForbiddenBeforeTheBodyIsChecked() throws Exception {
        County county = fixtures.county("区划权");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);

        http.perform(post("/api/v1/regions").with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"kind\": \"STREET\"}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    /** The message of the errors[] entry for field "code" of a refused POST /api/v1/regions by the administrator. */
    private String codeError(String body, String language) throws Exception {
        String answer = http.perform(post("/api/v1/regions").with(httpBasic("admin", ADMIN_PASSWORD))
                        .header("Accept-Language", language)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andReturn().getResponse().getContentAsString();
        for (JsonNode error : json.readTree(answer).get("errors")) {
            if (error.get("field").asText().equals("code")) {
                return error.get("message").asText();
            }
        }
        throw new AssertionError("no error for field code in " + answer);
    }
}
