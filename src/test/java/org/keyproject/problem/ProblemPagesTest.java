package org.keyproject.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.people.UserAccount;
import org.keyproject.problem.ProblemLoop.Cast;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The problem pages: raising from the project, the list, the forms of whoever may act, the project's card. */
@IntegrationTest
class ProblemPagesTest {

    @Autowired MockMvc mvc;
    @Autowired ProblemLoop loop;
    @Autowired TestFixtures fixtures;

    @Test
    void aCommissionerRaisesFromTheProjectPageAndTheDepartmentAnswersThroughTheForms() throws Exception {
        Cast c = loop.cast("页面");
        String card = page(get("/projects/{id}/problems/card", c.project().id()), c.commissioner(), status().isOk());
        assertThat(card).contains("id=\"problems-card\"", "/projects/" + c.project().id() + "/problems/new");
        assertThat(page(get("/projects/{id}", c.project().id()), c.commissioner(), status().isOk()))
                .contains("hx-get=\"/projects/" + c.project().id() + "/problems/card\"");
        assertThat(page(get("/projects/{id}/problems/new", c.project().id()), c.commissioner(), status().isOk()))
                .contains("反映问题", "水电气暖");

        String refused = page(post("/projects/{id}/problems", c.project().id()).param("category", "UTILITIES").param("title", " "),
                c.commissioner(), status().isBadRequest());
        assertThat(refused).contains("is-invalid", "此项必填");
        String location = mvc.perform(post("/projects/{id}/problems", c.project().id()).param("category", "UTILITIES")
                        .param("title", "供电线路未接入").param("description", "需供电公司协调")
                        .with(user(fixtures.login(c.commissioner().username()))).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        long id = Long.parseLong(location.substring("/problems/".length()));

        String forCoordinator = page(get(location), c.coordinator(), status().isOk());
        assertThat(forCoordinator).contains("供电线路未接入", "id=\"action-ASSIGN\"", "id=\"action-DISMISS\"", "id=\"listing-form\"");
        act(c.coordinator(), id, "ASSIGN", "departmentId", String.valueOf(c.departmentA()));

        assertThat(page(get("/problems"), c.handlerA(), status().isOk())).contains("供电线路未接入", "data-state=\"ASSIGNED\"");
        assertThat(page(get("/problems"), c.handlerB(), status().isOk())).doesNotContain("供电线路未接入");
        page(get(location), c.handlerB(), status().isNotFound());
        String forHandler = page(get(location), c.handlerA(), status().isOk());
        assertThat(forHandler).contains("id=\"action-START\"").doesNotContain("id=\"action-ASSIGN\"");
        act(c.handlerA(), id, "START");
        String blank = page(post("/problems/{id}/transitions", id).param("action", "ANSWER")
                .param("version", version(id, c.handlerA())).param("answer", ""), c.handlerA(), status().isBadRequest());
        assertThat(blank).contains("is-invalid");
        act(c.handlerA(), id, "ANSWER", "answer", "已接入临时用电");

        String forRaiser = page(get(location), c.commissioner(), status().isOk());
        assertThat(forRaiser).contains("已接入临时用电", "id=\"action-ACCEPT\"", "id=\"action-REJECT\"");
        act(c.commissioner(), id, "ACCEPT");
        assertThat(page(get(location), c.commissioner(), status().isOk())).contains("已销号", "data-action=\"ACCEPT\"");
        assertThat(page(get("/problems"), c.handlerA(), status().isOk())).as("closed leaves the open list")
                .doesNotContain("供电线路未接入");
        assertThat(page(get("/problems").param("show", "CLOSED"), c.handlerA(), status().isOk())).contains("供电线路未接入");
    }

    @Test
    void theListedSectionAndTheDeadlineFormNeedAReasonForAListedProblem() throws Exception {
        Cast c = loop.cast("挂牌页面");
        long id = loop.inState(c, ProblemState.ASSIGNED);
        act(c.coordinator(), id, null, "listed", "true");
        assertThat(page(get("/problems").param("listed", "true"), c.coordinator(), status().isOk()))
                .contains("挂牌督办", "data-problem=\"" + id + "\"");
        String refused = page(post("/problems/{id}/deadline", id).param("version", version(id, c.coordinator()))
                .param("deadline", "2027-06-30"), c.coordinator(), status().isBadRequest());
        assertThat(refused).contains("挂牌督办的问题调整办结时限必须说明原因");
    }

    /** Posts a move (or, without an action, the listing form) with the version read, and expects the redirect back. */
    private void act(UserAccount who, long id, String action, String... fields) throws Exception {
        MockHttpServletRequestBuilder request = action == null ? post("/problems/{id}/listing", id)
                : post("/problems/{id}/transitions", id).param("action", action);
        request.param("version", version(id, who));
        for (int i = 0; i < fields.length; i += 2) {
            request.param(fields[i], fields[i + 1]);
        }
        mvc.perform(request.with(user(fixtures.login(who.username()))).with(csrf()))
                .andExpect(status().is3xxRedirection());
    }

    private String version(long id, UserAccount who) throws Exception {
        return loop.problem(id, who).get("version").asText();
    }

    private String page(MockHttpServletRequestBuilder request, UserAccount who, ResultMatcher expected) throws Exception {
        return mvc.perform(request.with(user(fixtures.login(who.username()))).with(csrf()))
                .andExpect(expected).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
