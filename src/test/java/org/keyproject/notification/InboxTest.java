package org.keyproject.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.region.Regions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@IntegrationTest
class InboxTest {

    /** Notices for one user, numbered 1..count, each due in n working days with link /somewhere/n. */
    private static final String NUMBERED = """
            SELECT CAST(:user AS BIGINT) AS recipient_id,
                   jsonb_build_array('项目' || n, '测试区', '2026-03-01', '2026-03-31', '2026-04-08', n) AS args,
                   '/somewhere/' || n AS link, 'test:' || n AS dedup_key
            FROM generate_series(1, :count) n
            """;

    @Autowired MockMvc mvc;
    @Autowired TestFixtures fixtures;
    @Autowired Regions regions;
    @Autowired Notifications notifications;
    @Autowired ObjectMapper json;

    @Test
    void notifyingTheSameKeysTwiceAddsOnlyTheNewOnes() {
        UserAccount someone = someone();
        assertThat(notifications.notify("REPORT_DUE", NUMBERED, Map.of("user", someone.id(), "count", 2))).isEqualTo(2);
        assertThat(notifications.notify("REPORT_DUE", NUMBERED, Map.of("user", someone.id(), "count", 3))).isEqualTo(1);
    }

    @Test
    void inboxIsPagedNewestFirstWithTheTotalAndRenderedInTheCallersLanguage() throws Exception {
        UserAccount someone = someone();
        notifications.notify("REPORT_DUE", NUMBERED, Map.of("user", someone.id(), "count", 3));

        JsonNode first = read(api(get("/api/v1/inbox").param("size", "2"), someone));
        assertThat(first.get("total").asLong()).isEqualTo(3);
        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(first.get("items")).hasSize(2);
        assertThat(first.get("items").get(0).get("subject").asText()).isEqualTo("调度填报提醒：项目3");
        assertThat(read(api(get("/api/v1/inbox").param("size", "2").param("page", "1"), someone)).get("items"))
                .hasSize(1).first().satisfies(n -> assertThat(n.get("link").asText()).isEqualTo("/somewhere/1"));
        JsonNode english = read(api(get("/api/v1/inbox").header("Accept-Language", "en"), someone));
        assertThat(english.get("items").get(2).get("body").asText()).endsWith("it is due on 2026-04-08, in 1 working day.");
    }

    @Test
    void userCannotReadOrMarkAnotherUsersNotificationAndMarkingReadLowersTheUnreadCount() throws Exception {
        UserAccount owner = someone();
        UserAccount stranger = someone();
        notifications.notify("REPORT_DUE", NUMBERED, Map.of("user", owner.id(), "count", 2));
        long id = read(api(get("/api/v1/inbox"), owner)).get("items").get(0).get("id").asLong();

        assertThat(read(api(get("/api/v1/inbox"), stranger)).get("total").asLong()).isZero();
        api(post("/api/v1/inbox/{id}/read", id), stranger).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.status").value(404));
        mvc.perform(post("/inbox/{id}/read", id).with(csrf()).with(user(fixtures.login(stranger.username()))))
                .andExpect(status().isNotFound());
        assertThat(read(api(get("/api/v1/inbox/unread"), owner)).get("unread").asLong()).isEqualTo(2);

        JsonNode marked = read(api(post("/api/v1/inbox/{id}/read", id), owner));
        assertThat(marked.get("readAt").isNull()).isFalse();
        assertThat(read(api(post("/api/v1/inbox/{id}/read", id), owner)).get("readAt").asText())
                .as("reading again keeps the first time").isEqualTo(marked.get("readAt").asText());
        assertThat(read(api(get("/api/v1/inbox/unread"), owner)).get("unread").asLong()).isEqualTo(1);
        assertThat(read(api(get("/api/v1/inbox").param("unread", "true"), owner)).get("items"))
                .extracting(n -> n.get("id").asLong()).doesNotContain(id).hasSize(1);
    }

    @Test
    void openingANoticeFromThePageMarksItReadAndFollowsItsLinkAndReadAllClearsTheBadge() throws Exception {
        UserAccount someone = someone();
        notifications.notify("REPORT_DUE", NUMBERED, Map.of("user", someone.id(), "count", 2));
        var me = fixtures.login(someone.username());
        long id = read(api(get("/api/v1/inbox"), someone)).get("items").get(0).get("id").asLong();

        mvc.perform(post("/inbox/{id}/read", id).param("open", "true").with(csrf()).with(user(me)))
                .andExpect(redirectedUrl("/somewhere/2"));
        assertThat(html(mvc.perform(get("/inbox/badge").with(user(me))))).contains("id=\"nav-inbox-badge\"", ">1<");
        mvc.perform(post("/inbox/read").with(csrf()).with(user(me))).andExpect(redirectedUrl("/inbox"));
        assertThat(html(mvc.perform(get("/inbox/badge").with(user(me))))).doesNotContain("nav-inbox-badge");
        assertThat(html(mvc.perform(get("/inbox").param("unread", "true").with(user(me))))).contains("id=\"inbox-empty\"", "暂无消息");
    }

    @Test
    void onlyPathsOfTheApplicationAreFollowed() {
        assertThat(InboxPageController.inApplication("/periods/1/reports/2")).isTrue();
        assertThat(InboxPageController.inApplication("//evil.example/x")).isFalse();
        assertThat(InboxPageController.inApplication("https://evil.example/x")).isFalse();
        assertThat(InboxPageController.inApplication("/\\evil.example")).isFalse();
        assertThat(InboxPageController.inApplication(null)).isFalse();
    }

    private UserAccount someone() {
        return fixtures.user(Role.COMMISSIONER, regions.root().orElseThrow(), null);
    }

    private ResultActions api(MockHttpServletRequestBuilder request, UserAccount as) throws Exception {
        return mvc.perform(request.with(httpBasic(as.username(), TestFixtures.PASSWORD)));
    }

    private JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private static String html(ResultActions result) throws Exception {
        return result.andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
