package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.project.ListLevel;
import org.keyproject.project.ProjectDetails;
import org.keyproject.project.Stage;
import org.keyproject.region.Regions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * A close whose database session dies half way (the backend terminated while its INSERT of the
 * snapshot waits for a lock) leaves nothing behind, and the same close, repeated, succeeds. In a class
 * of its own: it holds a lock on period_snapshot for a moment, which would stall a close running beside it.
 */
@IntegrationTest
class PeriodCloseKilledTest {

    private static final int YEAR = 2026;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired DispatchRequests api;
    @Autowired TestFixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired Regions regions;
    @Autowired HikariDataSource pool;
    @Autowired ObjectMapper json;

    @Test
    void closeKilledHalfWayLeavesThePeriodOpenWithoutSnapshotOrAuditAndClosesWhenRerun() throws Exception {
        County county = fixtures.county("中断");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        ProjectDetails reporting = fixtures.project("中断项目" + fixtures.unique(), county.town(), "3000", Stage.CONSTRUCTION);
        ProjectDetails silent = fixtures.project("中断项目" + fixtures.unique(), county.town(), "2000", Stage.CONSTRUCTION);
        api.onList(reporting, YEAR, ListLevel.COUNTY, county.region().id(), "1000");
        api.onList(reporting, YEAR, ListLevel.CITY, regions.root().orElseThrow().id(), "1200");
        api.onList(silent, YEAR, ListLevel.COUNTY, county.region().id(), "900");
        long march = api.month(coordinator, YEAR, 3);
        api.read(api.save(coordinator, march, reporting.id(), "{\"periodAmount\": 50}"));
        api.read(api.send(post("/api/v1/periods/{id}/reports/{p}/submit", march, reporting.id()), coordinator, ""));

        MockHttpServletResponse failed;
        try (Connection blocker = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword())) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("LOCK TABLE period_snapshot IN SHARE MODE");
            }
            CompletableFuture<MockHttpServletResponse> close = CompletableFuture.supplyAsync(() -> {
                try {
                    return api.send(post("/api/v1/periods/{id}/close", march), coordinator, "").andReturn().getResponse();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            int killed = blockedSnapshotInsert();
            assertThat(jdbc.sql("SELECT pg_terminate_backend(?)").param(killed).query(Boolean.class).single())
                    .as("the close's backend was terminated").isTrue();
            blocker.rollback();
            failed = close.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(failed.getStatus()).isEqualTo(503);
        assertThat(failed.getContentType()).startsWith("application/problem+json");
        JsonNode problem = json.readTree(failed.getContentAsString());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("detail").asText()).isEqualTo("数据库暂时不可用，操作未完成，请稍后重试");
        assertThat(failed.getContentAsString()).doesNotContain("Exception", "at org.");

        assertThat(api.read(api.send(get("/api/v1/periods/{id}", march), coordinator, "")).get("state").asText())
                .isEqualTo("OPEN");
        assertThat(jdbc.sql("SELECT count(*) FROM period_snapshot WHERE period_id = ?").param(march)
                .query(Long.class).single()).isZero();
        assertThat(closeAudits(march)).isZero();

        assertThat(poolHoldsOnlyLiveConnections()).as("Hikari dropped the terminated connection").isTrue();
        JsonNode closed = api.read(api.send(post("/api/v1/periods/{id}/close", march), coordinator, ""));
        assertThat(closed.get("state").asText()).isEqualTo("CLOSED");
        List<JsonNode> rows = DispatchRequests.rows(api.read(api.send(get("/api/v1/periods/{id}/snapshot", march), coordinator, "")));
        assertThat(rows).extracting(r -> r.get("projectId").asLong() + "/" + r.get("listLevel").asText() + "/"
                        + r.get("revision").asInt())
                .containsExactlyInAnyOrder(reporting.id() + "/CITY/0", reporting.id() + "/COUNTY/0", silent.id() + "/COUNTY/0");
        assertThat(closeAudits(march)).isEqualTo(1);
    }

    /**
     * The backend of the close, once it waits for a lock in its INSERT of the snapshot. Asked on a pooled
     * connection outside any transaction: within one, pg_stat_activity would answer the same snapshot each time.
     */
    private int blockedSnapshotInsert() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            List<Integer> waiting = jdbc.sql("""
                    SELECT pid FROM pg_stat_activity
                    WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO period\\_snapshot%'
                    """).query(Integer.class).list();
            if (!waiting.isEmpty()) {
                return waiting.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the close never reached its INSERT of the snapshot");
    }

    /**
     * Whether every connection the pool counts is a live backend of the application (Hikari evicts a
     * connection whose session was terminated and opens a new one in the background: wait for it).
     */
    private boolean poolHoldsOnlyLiveConnections() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            long live = jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'keyproject'")
                    .query(Long.class).single();
            if (live == pool.getHikariPoolMXBean().getTotalConnections()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private long closeAudits(long periodId) {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE entity_type = ? AND entity_id = ? AND action = 'CLOSE'")
                .params(Periods.AUDIT_TYPE, periodId).query(Long.class).single();
    }
}
