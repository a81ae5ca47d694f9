package org.keyproject.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.region.Region;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Notices leaving the application: to group robots on a local HTTP server and by e-mail to a real
 * SMTP server in this JVM (GreenMail), sent by the delivery job called directly (its schedule is off
 * in tests), with at most three attempts.
 */
@IntegrationTest
class NotificationDeliveryTest {

    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static final String BASE_URL = "https://xm.example.gov.cn";

    /** One REPORT_DUE notice for each of :users about :project, all with the same dedup key :key. */
    private static final String EVENT = """
            SELECT u AS recipient_id,
                   jsonb_build_array(CAST(:project AS TEXT), '测试区', '2026-03-01', '2026-03-31', '2026-04-08', 2) AS args,
                   '/periods/1/reports/7' AS link, CAST(:key AS TEXT) AS dedup_key
            FROM unnest(CAST(:users AS BIGINT[])) u
            """;

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("keyproject.notifications.max-attempts", () -> 3);
        registry.add("keyproject.notifications.base-url", () -> BASE_URL + "/");
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @Autowired MockMvc mvc;
    @Autowired TestFixtures fixtures;
    @Autowired Notifications notifications;
    @Autowired DeliveryJob job;
    @Autowired JdbcClient jdbc;
    @Autowired ObjectMapper json;

    @Test
    void weComGroupGetsAnEventOnceForAllItsRecipientsAndAnotherCountysGroupNothing() throws Exception {
        try (RobotServer robot = new RobotServer(); RobotServer otherRobot = new RobotServer()) {
            var county = fixtures.county("企微");
            var other = fixtures.county("邻县");
            long group = webhook("WECOM", robot.url("/cgi-bin/webhook/send?key=k1"), null, county.region(), null);
            long otherGroup = webhook("WECOM", otherRobot.url("/cgi-bin/webhook/send?key=k2"), null, other.region(), null);
            UserAccount first = person(county.region());
            UserAccount second = person(county.town());
            String key = "test:" + fixtures.unique();

            assertThat(notify("城东污水处理厂", key, first, second)).isEqualTo(2);
            assertThat(notify("城东污水处理厂", key, person(county.town()))).as("a third recipient later").isEqualTo(1);
            assertThat(deliveries(group)).hasSize(1);
            assertThat(deliveries(otherGroup)).isEmpty();
            job.deliverDue();

            assertThat(robot.calls()).singleElement().satisfies(call -> {
                assertThat(call.method()).isEqualTo("POST");
                assertThat(call.path()).isEqualTo("/cgi-bin/webhook/send");
                assertThat(call.query()).isEqualTo("key=k1");
                assertThat(call.contentType()).startsWith("application/json");
                JsonNode message = json.readTree(call.body());
                assertThat(message.get("msgtype").asText()).isEqualTo("markdown");
                assertThat(message.get("markdown").get("content").asText()).isEqualTo("""
                        **调度填报提醒：城东污水处理厂**
                        项目“城东污水处理厂”尚未提交测试区调度期（2026-03-01 至 2026-03-31）的填报，截止日期 2026-04-08，还有 2 个工作日。请及时填报。

                        [查看详情](https://xm.example.gov.cn/periods/1/reports/7)""");
            });
            assertThat(otherRobot.calls()).isEmpty();
            Map<String, Object> row = deliveries(group).get(0);
            assertThat(row.get("state")).isEqualTo("SENT");
            assertThat(row.get("attempts")).isEqualTo(1);
            assertThat(row.get("sent_at")).isNotNull();
        }
    }

    @Test
    void dingTalkGroupGetsTitleAndTextSignedWithItsSecret() throws Exception {
        try (RobotServer robot = new RobotServer()) {
            var county = fixtures.county("钉钉");
            String secret = "SEC" + fixtures.unique();
            webhook("DINGTALK", robot.url("/robot/send?access_token=t1"), secret, county.region(), List.of("REPORT_DUE"));
            long before = System.currentTimeMillis();
            notify("西区热电联产", "test:" + fixtures.unique(), person(county.region()));
            job.deliverDue();

            assertThat(robot.calls()).singleElement().satisfies(call -> {
                Map<String, String> query = query(call.query());
                assertThat(query.get("access_token")).isEqualTo("t1");
                long timestamp = Long.parseLong(query.get("timestamp"));
                assertThat(timestamp).isBetween(before, System.currentTimeMillis());
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                assertThat(query.get("sign")).isEqualTo(Base64.getEncoder().encodeToString(
                        mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8))));
                JsonNode message = json.readTree(call.body());
                assertThat(message.get("msgtype").asText()).isEqualTo("markdown");
                assertThat(message.get("markdown").get("title").asText()).isEqualTo("调度填报提醒：西区热电联产");
                assertThat(message.get("markdown").get("text").asText())
                        .startsWith("#### 调度填报提醒：西区热电联产\n\n项目“西区热电联产”尚未提交测试区调度期")
                        .endsWith("[查看详情](https://xm.example.gov.cn/periods/1/reports/7)");
            });
        }
    }

    @Test
    void groupOfOtherKindsOrDisabledGetsNothing() throws Exception {
        try (RobotServer robot = new RobotServer()) {
            var county = fixtures.county("类型");
            long otherKinds = webhook("WECOM", robot.url("/a"), null, county.region(), List.of("REPORT_OVERDUE"));
            long disabled = webhook("WECOM", robot.url("/b"), null, county.region(), null);
            jdbc.sql("UPDATE notification_webhook SET enabled = FALSE WHERE id = ?").param(disabled).update();

            notify("北区学校", "test:" + fixtures.unique(), person(county.region()));
            assertThat(deliveries(otherKinds)).isEmpty();
            assertThat(deliveries(disabled)).isEmpty();
        }
    }

    @Test
    void deliveryRefusedOnceWithHttp500IsRetriedAfterItsBackoffAndEndsSentAtTheSecondAttempt() throws Exception {
        try (RobotServer robot = new RobotServer()) {
            var county = fixtures.county("重试");
            long group = webhook("WECOM", robot.url("/send?key=r"), null, county.region(), null);
            notify("南区医院", "test:" + fixtures.unique(), person(county.region()));
            robot.answerNext(500, "busy");

            job.deliverDue();
            Map<String, Object> failed = deliveries(group).get(0);
            assertThat(failed.get("state")).isEqualTo("PENDING");
            assertThat(failed.get("attempts")).isEqualTo(1);
            assertThat((String) failed.get("last_error")).contains("HTTP 500");
            assertThat(((Timestamp) failed.get("next_attempt_at")).toInstant())
                    .as("one minute's backoff").isAfter(Instant.now().plusSeconds(50));

            job.deliverDue();
            assertThat(robot.calls()).as("not due yet").hasSize(1);
            dueNow(group);
            job.deliverDue();

            assertThat(robot.calls()).hasSize(2);
            Map<String, Object> sent = deliveries(group).get(0);
            assertThat(sent.get("state")).isEqualTo("SENT");
            assertThat(sent.get("attempts")).isEqualTo(2);
        }
    }

    @Test
    void aRobotThatRefusesOnceIsLeftAloneForTheRestOfTheRunAndItsOtherDeliveriesKeepTheirAttempts() throws Exception {
        try (RobotServer robot = new RobotServer()) {
            var county = fixtures.county("限流");
            long group = webhook("WECOM", robot.url("/send?key=busy"), null, county.region(), null);
            notify("北区学校", "test:" + fixtures.unique(), person(county.region()));
            notify("北区医院", "test:" + fixtures.unique(), person(county.region()));
            notify("北区公园", "test:" + fixtures.unique(), person(county.region()));
            robot.answerAlways(200, "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}");

            job.deliverDue();

            assertThat(robot.calls()).as("one call, then the robot is left alone").hasSize(1);
            List<Map<String, Object>> rows = deliveries(group);
            assertThat(rows).hasSize(3);
            assertThat(rows).filteredOn(r -> (Integer) r.get("attempts") == 1).hasSize(1);
            assertThat(rows).filteredOn(r -> (Integer) r.get("attempts") == 0).hasSize(2)
                    .allSatisfy(r -> assertThat(r.get("state")).isEqualTo("PENDING"));
        }
    }

    @Test
    void deliveryStillRefusedAfterTheLastAttemptIsListedAsFailedAndRetryQueuesItAgain() throws Exception {
        try (RobotServer robot = new RobotServer()) {
            var county = fixtures.county("失败");
            long group = webhook("DINGTALK", robot.url("/robot/send?access_token=x"), null, county.region(), null);
            notify("东港码头", "test:" + fixtures.unique(), person(county.region()));
            robot.answerAlways(200, "{\"errcode\":310000,\"errmsg\":\"keywords not in content\"}");
            for (int attempt = 0; attempt < 3; attempt++) {
                dueNow(group);
                job.deliverDue();
            }
            dueNow(group);
            job.deliverDue();

            assertThat(robot.calls()).as("three attempts, then no more").hasSize(3);
            Map<String, Object> row = deliveries(group).get(0);
            long id = (Long) row.get("id");
            assertThat(row.get("state")).isEqualTo("FAILED");
            assertThat(row.get("attempts")).isEqualTo(3);
            assertThat((String) row.get("last_error")).contains("errcode 310000", "keywords not in content");

            JsonNode failed = read(mvc.perform(get("/api/v1/notification-deliveries").param("state", "FAILED")
                    .param("size", "100").with(user(fixtures.admin()))));
            assertThat(failed.get("items")).anySatisfy(item -> {
                assertThat(item.get("id").asLong()).isEqualTo(id);
                assertThat(item.get("channel").asText()).isEqualTo("DINGTALK");
                assertThat(item.get("webhookId").asLong()).isEqualTo(group);
                assertThat(item.get("lastError").asText()).contains("errcode 310000");
            });
            assertThat(failed.get("items")).allSatisfy(item -> assertThat(item.get("state").asText()).isEqualTo("FAILED"));
            UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
            mvc.perform(get("/api/v1/notification-deliveries").param("state", "FAILED")
                    .with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))).andExpect(status().isForbidden());

            JsonNode retried = read(mvc.perform(post("/api/v1/notification-deliveries/{id}/retry", id).with(user(fixtures.admin()))));
            assertThat(retried.get("state").asText()).isEqualTo("PENDING");
            assertThat(retried.get("attempts").asInt()).isZero();
            mvc.perform(post("/api/v1/notification-deliveries/{id}/retry", id).with(user(fixtures.admin())))
                    .andExpect(status().isBadRequest());
            robot.answerAlways(null, null);
            job.deliverDue();
            assertThat(deliveries(group).get(0).get("state")).isEqualTo("SENT");
            assertThat(robot.calls()).hasSize(4);
        }
    }

    @Test
    void twoJobRunsAtOnceSendEachNoticeExactlyOnce() throws Exception {
        try (RobotServer robot = new RobotServer()) {
            var county = fixtures.county("并发");
            long group = webhook("WECOM", robot.url("/send?key=c"), null, county.region(), null);
            UserAccount someone = person(county.region());
            int count = 40;
            for (int i = 1; i <= count; i++) {
                notify("并发项目" + i, "test:" + fixtures.unique(), someone);
            }

            ExecutorService threads = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            Callable<DeliveryJob.Outcome> run = () -> {
                start.await();
                return job.deliverDue();
            };
            List<Future<DeliveryJob.Outcome>> runs = List.of(threads.submit(run), threads.submit(run));
            start.countDown();
            int sent = 0;
            for (Future<DeliveryJob.Outcome> outcome : runs) {
                sent += outcome.get().sent();
            }
            threads.shutdown();

            assertThat(sent).isEqualTo(count);
            List<String> projects = new ArrayList<>();
            for (RobotServer.Call call : robot.calls()) {
                projects.add(json.readTree(call.body()).get("markdown").get("content").asText().split("\n")[0]);
            }
            assertThat(projects).hasSize(count).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, count)
                            .mapToObj(i -> "**调度填报提醒：并发项目" + i + "**").toList());
            assertThat(deliveries(group)).hasSize(count)
                    .allSatisfy(row -> assertThat(row).containsEntry("state", "SENT").containsEntry("attempts", 1));
        }
    }

    @Test
    void emailGoesThroughTheSmtpServerToTheAddressTheRecipientSet() throws Exception {
        var county = fixtures.county("邮件");
        UserAccount withAddress = person(county.region());
        UserAccount without = person(county.region());
        String address = "zy" + fixtures.unique() + "@example.gov.cn";
        mvc.perform(put("/api/v1/me/email").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"email\":\"" + address + "\"}")
                        .with(httpBasic(withAddress.username(), TestFixtures.PASSWORD)))
                .andExpect(status().isOk());

        notify("高新区孵化器", "test:" + fixtures.unique(), withAddress, without);
        assertThat(jdbc.sql("""
                SELECT n.recipient_id FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
                WHERE d.channel = 'EMAIL' AND n.recipient_id IN (?, ?)
                """).params(withAddress.id(), without.id()).query(Long.class).list()).containsExactly(withAddress.id());
        job.deliverDue();

        assertThat(SMTP.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage[] received = SMTP.getReceivedMessagesForDomain(address);
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("调度填报提醒：高新区孵化器");
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo(address);
        assertThat(received[0].getContent().toString())
                .contains("项目“高新区孵化器”尚未提交测试区调度期（2026-03-01 至 2026-03-31）的填报")
                .contains(BASE_URL + "/periods/1/reports/7");
    }

    private int notify(String project, String key, UserAccount... users) {
        return notifications.notify("REPORT_DUE", EVENT, Map.of("project", project, "key", key,
                "users", java.util.Arrays.stream(users).map(UserAccount::id).toArray(Long[]::new)));
    }

    private UserAccount person(Region region) {
        return fixtures.user(Role.COMMISSIONER, region, null);
    }

    /** Adds a group robot through the API, as an administrator; answers its id. */
    private long webhook(String channel, String url, String secret, Region region, List<String> kinds) throws Exception {
        Map<String, Object> form = new HashMap<>();
        form.put("name", region.name() + "工作群");
        form.put("channel", channel);
        form.put("url", url);
        form.put("secret", secret);
        form.put("regionId", region.id());
        form.put("kinds", kinds);
        String body = mvc.perform(post("/api/v1/notification-webhooks").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(form)).with(user(fixtures.admin())))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return json.readTree(body).get("id").asLong();
    }

    private List<Map<String, Object>> deliveries(long webhookId) {
        return jdbc.sql("SELECT * FROM notification_delivery WHERE webhook_id = ? ORDER BY id").param(webhookId)
                .query().listOfRows();
    }

    /** Skips the backoff: the webhook's pending deliveries are due now. */
    private void dueNow(long webhookId) {
        jdbc.sql("UPDATE notification_delivery SET next_attempt_at = now() WHERE webhook_id = ? AND state = 'PENDING'")
                .param(webhookId).update();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    private JsonNode read(ResultActions result) throws Exception {
        return json.readTree(result.andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }
}
