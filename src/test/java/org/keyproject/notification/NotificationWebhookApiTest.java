package org.keyproject.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.audit.AuditTrail;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Administrators keep the group robots and people their e-mail address; without an SMTP server (this
 * context has no spring.mail.host) no e-mail is queued.
 */
@IntegrationTest
class NotificationWebhookApiTest {

    @Autowired MockMvc mvc;
    @Autowired TestFixtures fixtures;
    @Autowired Notifications notifications;
    @Autowired AuditTrail audit;
    @Autowired JdbcClient jdbc;
    @Autowired ObjectMapper json;

    @Test
    void administratorAddsReplacesAndDeletesARobotWithItsSecretNeverShownNorAudited() throws Exception {
        var county = fixtures.county("机器人");
        Map<String, Object> form = form("DINGTALK", "https://oapi.dingtalk.com/robot/send?access_token=tok123", county.region().id());
        form.put("secret", "SECabc");
        form.put("kinds", List.of("REPORT_DUE", "REPORT_OVERDUE"));
        JsonNode created = json.readTree(admin(post("/api/v1/notification-webhooks"), form)
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        long id = created.get("id").asLong();
        assertThat(created.get("signed").asBoolean()).isTrue();
        assertThat(created.has("secret")).isFalse();
        assertThat(created.get("regionName").asText()).isEqualTo(county.region().name());
        assertThat(created.get("kinds")).extracting(JsonNode::asText).containsExactly("REPORT_DUE", "REPORT_OVERDUE");
        assertThat(created.get("enabled").asBoolean()).isTrue();

        form.remove("secret");
        form.put("kinds", null);
        form.put("enabled", false);
        form.put("version", created.get("version").asInt());
        JsonNode replaced = read(admin(put("/api/v1/notification-webhooks/{id}", id), form));
        assertThat(replaced.get("signed").asBoolean()).as("no secret sent keeps the stored one").isTrue();
        assertThat(replaced.get("kinds").isNull()).isTrue();
        assertThat(replaced.get("enabled").asBoolean()).isFalse();
        admin(put("/api/v1/notification-webhooks/{id}", id), form).andExpect(status().isConflict());

        assertThat(audit.history(NotificationWebhooks.AUDIT, id)).hasSize(2).allSatisfy(entry -> {
            assertThat(entry.after().toString()).doesNotContain("SECabc", "tok123");
        });
        assertThat(audit.history(NotificationWebhooks.AUDIT, id).get(1).after().get("url"))
                .isEqualTo("https://oapi.dingtalk.com/robot/send?…");

        admin(delete("/api/v1/notification-webhooks/{id}", id), null).andExpect(status().isNoContent());
        admin(get("/api/v1/notification-webhooks/{id}", id), null).andExpect(status().isNotFound());
    }

    @Test
    void robotFormIsRefusedFieldByFieldAndOnlyAdministratorsKeepRobots() throws Exception {
        var county = fixtures.county("校验");
        Map<String, Object> form = form("WECOM", "ftp://example", 0);
        form.put("secret", "s");
        admin(post("/api/v1/notification-webhooks"), form).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("url")));

        form.put("url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k");
        admin(post("/api/v1/notification-webhooks"), form).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("regionId", "secret")))
                .andExpect(jsonPath("$.errors[?(@.field == 'secret')].message").value("只有钉钉机器人可以设置加签密钥"));

        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        form.remove("secret");
        form.put("regionId", county.region().id());
        mvc.perform(post("/api/v1/notification-webhooks").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(form)).with(httpBasic(coordinator.username(), TestFixtures.PASSWORD)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/notification-webhooks").with(httpBasic(coordinator.username(), TestFixtures.PASSWORD)))
                .andExpect(status().isForbidden());
    }

    @Test
    void personSetsTheirOwnAddressAnAdministratorAnyonesAndNobodyElseAndWithoutSmtpNoEmailIsQueued() throws Exception {
        var county = fixtures.county("邮箱");
        UserAccount someone = fixtures.user(Role.COMMISSIONER, county.region(), null);
        UserAccount other = fixtures.user(Role.COMMISSIONER, county.region(), null);

        as(someone, put("/api/v1/me/email"), Map.of("email", "not-an-address")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("email"));
        JsonNode mine = read(as(someone, put("/api/v1/me/email"), Map.of("email", "zy@example.gov.cn")));
        assertThat(mine.get("email").asText()).isEqualTo("zy@example.gov.cn");
        as(someone, put("/api/v1/users/{id}/email", other.id()), Map.of("email", "x@example.gov.cn"))
                .andExpect(status().isForbidden());
        JsonNode byAdmin = read(admin(put("/api/v1/users/{id}/email", other.id()), Map.of("email", "bm@example.gov.cn")));
        assertThat(byAdmin.get("email").asText()).isEqualTo("bm@example.gov.cn");
        assertThat(audit.history("app_user", other.id())).first()
                .satisfies(entry -> assertThat(entry.after()).containsEntry("email", "bm@example.gov.cn"));

        notifications.notify("REPORT_DUE", """
                SELECT CAST(:user AS BIGINT) AS recipient_id, '["项目","区","2026-03-01","2026-03-31","2026-04-08",1]' AS args,
                       NULL AS link, 'test:smtp-off' AS dedup_key
                """, Map.of("user", someone.id()));
        assertThat(jdbc.sql("""
                SELECT count(*) FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
                WHERE n.recipient_id = ?
                """).param(someone.id()).query(Long.class).single()).isZero();

        JsonNode removed = read(as(someone, put("/api/v1/me/email"), java.util.Collections.singletonMap("email", null)));
        assertThat(removed.get("email").isNull()).isTrue();
    }

    private Map<String, Object> form(String channel, String url, long regionId) {
        Map<String, Object> form = new HashMap<>();
        form.put("name", "工作群" + fixtures.unique());
        form.put("channel", channel);
        form.put("url", url);
        form.put("regionId", regionId);
        return form;
    }

    private ResultActions admin(MockHttpServletRequestBuilder request, Object body) throws Exception {
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
        }
        return mvc.perform(request.with(user(fixtures.admin())));
    }

    private ResultActions as(UserAccount who, MockHttpServletRequestBuilder request, Object body) throws Exception {
        return mvc.perform(request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body))
                .with(httpBasic(who.username(), TestFixtures.PASSWORD)));
    }

    private JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }
}
