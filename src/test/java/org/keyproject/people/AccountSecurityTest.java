package org.keyproject.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class AccountSecurityTest {

    @Autowired MockMvc http;
    @Autowired TestFixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired ObjectMapper json;
    @LocalServerPort int port;

    @Test
    void passwordsAreStoredAsArgon2Hashes() {
        County county = fixtures.county("哈希");
        UserAccount user = fixtures.user(Role.OBSERVER, county.region(), null);
        String hash = jdbc.sql("SELECT password_hash FROM app_user WHERE id = ?").param(user.id()).query(String.class).single();
        assertThat(hash).startsWith("{argon2}$argon2id$").doesNotContain(TestFixtures.PASSWORD);
    }

    @Test
    void fiveWrongPasswordsLockTheAccountEvenForTheRightPassword() throws Exception {
        County county = fixtures.county("锁定");
        UserAccount user = fixtures.user(Role.OBSERVER, county.region(), null);
        http.perform(formLogin("/login").user(user.username()).password(TestFixtures.PASSWORD)).andExpect(redirectedUrl("/projects"));
        for (int i = 0; i < 5; i++) {
            http.perform(formLogin("/login").user(user.username()).password("wrong" + i)).andExpect(redirectedUrl("/login?error"));
        }
        http.perform(formLogin("/login").user(user.username()).password(TestFixtures.PASSWORD)).andExpect(redirectedUrl("/login?error"));
        http.perform(get("/api/v1/me").with(httpBasic(user.username(), TestFixtures.PASSWORD)))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("登录失败次数过多，账号已暂时锁定，请稍后再试。"));
    }

    @Test
    void loginFormRequiresTheCsrfToken() throws Exception {
        County county = fixtures.county("令牌");
        UserAccount user = fixtures.user(Role.OBSERVER, county.region(), null);
        http.perform(post("/login").param("username", user.username()).param("password", TestFixtures.PASSWORD))
                .andExpect(status().isForbidden());
        http.perform(post("/login").with(csrf()).param("username", user.username()).param("password", TestFixtures.PASSWORD))
                .andExpect(redirectedUrl("/projects"));
    }

    @Test
    void sessionsLiveInPostgresqlSoAnyNodeCanServeThem() throws Exception {
        County county = fixtures.county("会话");
        UserAccount user = fixtures.user(Role.OBSERVER, county.region(), null);
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> loginPage = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = loginPage.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String token = loginPage.body().replaceAll("(?s).*name=\"_csrf\" content=\"([^\"]+)\".*", "$1");
        String form = "username=" + user.username() + "&password=" + TestFixtures.PASSWORD + "&_csrf=" + token;
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/projects");
        assertThat(jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = ?").param(user.username())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void personalAccessTokenAuthenticatesApiCallsUntilRevoked() throws Exception {
        County county = fixtures.county("访问令牌");
        UserAccount user = fixtures.user(Role.COORDINATOR, county.region(), null);
        String issued = http.perform(post("/api/v1/tokens").with(httpBasic(user.username(), TestFixtures.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"报表脚本\"}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String token = json.readTree(issued).get("token").asText();
        long tokenId = json.readTree(issued).get("id").asLong();
        assertThat(jdbc.sql("SELECT count(*) FROM api_token WHERE token_hash = ?").param(token).query(Long.class).single()).isZero();
        http.perform(get("/api/v1/me").header("Authorization", "Bearer " + token))
                .andExpect(status().isOk()).andExpect(jsonPath("$.username").value(user.username()));
        http.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/tokens/{id}", tokenId)
                .header("Authorization", "Bearer " + token)).andExpect(status().isNoContent());
        http.perform(get("/api/v1/me").header("Authorization", "Bearer " + token)).andExpect(status().isUnauthorized());
        http.perform(get("/api/v1/me").header("Authorization", "Bearer kp_made_up")).andExpect(status().isUnauthorized());
    }

    @Test
    void aTokensLastUseIsKeptToTheMinuteWithoutAWriteOnEveryCall() throws Exception {
        UserAccount user = fixtures.user(Role.COORDINATOR, fixtures.county("令牌使用").region(), null);
        String issued = http.perform(post("/api/v1/tokens").with(httpBasic(user.username(), TestFixtures.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String token = json.readTree(issued).get("token").asText();
        long tokenId = json.readTree(issued).get("id").asLong();

        http.perform(get("/api/v1/me").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
        Object first = lastUsed(tokenId);
        http.perform(get("/api/v1/me").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
        assertThat(lastUsed(tokenId)).as("a second call within the minute writes nothing").isEqualTo(first);

        jdbc.sql("UPDATE api_token SET last_used_at = now() - INTERVAL '2 minutes' WHERE id = ?").param(tokenId).update();
        Object twoMinutesAgo = lastUsed(tokenId);
        http.perform(get("/api/v1/me").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
        assertThat(first).isNotNull();
        assertThat(lastUsed(tokenId)).as("a call after a minute records it").isNotEqualTo(twoMinutesAgo);
    }

    private Object lastUsed(long tokenId) {
        return jdbc.sql("SELECT last_used_at FROM api_token WHERE id = ?").param(tokenId).query(java.time.OffsetDateTime.class).single();
    }

    @Test
    void onlyAdministratorsListAndCreateUsers() throws Exception {
        County county = fixtures.county("用户");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        http.perform(get("/api/v1/users").with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))).andExpect(status().isForbidden());
        String body = """
                {"username": "newuser_%s", "displayName": "张三", "password": "long-enough-password", "role": "COMMISSIONER", "regionId": %d}
                """.formatted(fixtures.unique(), county.region().id());
        http.perform(post("/api/v1/users").with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isForbidden());
        http.perform(post("/api/v1/users").with(httpBasic("admin", "test-admin-password-1"))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.role").value("COMMISSIONER"));
        http.perform(get("/api/v1/users").param("size", "5").with(httpBasic("admin", "test-admin-password-1")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.total").isNumber()).andExpect(jsonPath("$.items.length()").value(5));
        http.perform(post("/api/v1/users").with(httpBasic("admin", "test-admin-password-1"))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("username"));
    }

    @Test
    void nonAdministratorCreatingAnInvalidUserIsForbiddenBeforeTheBodyIsChecked() throws Exception {
        County county = fixtures.county("无效用户");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        http.perform(post("/api/v1/users").with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"username\": \"x\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.status").value(403));
    }

    @Test
    void regionsAreListedAndOnlyAdministratorsAddThem() throws Exception {
        County county = fixtures.county("地区");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        String body = "{\"code\": \"X%s\", \"name\": \"新设街道\", \"kind\": \"STREET\", \"parentId\": %d}".formatted(fixtures.unique(), county.region().id());
        http.perform(post("/api/v1/regions").with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isForbidden());
        http.perform(post("/api/v1/regions").with(httpBasic("admin", "test-admin-password-1"))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.level").value("TOWN")).andExpect(jsonPath("$.shortName").value("新设"));
        http.perform(get("/api/v1/regions").with(httpBasic(coordinator.username(), TestFixtures.PASSWORD)))
                .andExpect(status().isOk()).andExpect(jsonPath("$[0].parentId").doesNotExist());
    }

    @Test
    void healthAndOpenApiAreServedWithoutLogin() throws Exception {
        http.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
        http.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/projects'].get").exists())
                .andExpect(jsonPath("$.paths['/api/v1/projects/{id}/transitions'].post").exists());
    }
}
