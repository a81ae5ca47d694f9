package org.keyproject.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.TestFixtures.County;
import org.keyproject.people.ApiTokens;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The seed's service figures of one region and quarter, logged one by one through POST /api/v1/services
 * and read back from the statistics: 902 contacts with enterprises, 134 on-site office sessions (现场办公),
 * 480 site visits, 26 parallel-approval permits of which 24 handled in parallel (92.3%).
 */
@IntegrationTest
class ServiceSeedFiguresTest {

    private static final LocalDate JULY_1 = LocalDate.of(2026, 7, 1);
    /** Days in the third quarter: July, August, September. */
    private static final int QUARTER_DAYS = 92;

    @Autowired ServiceRequests api;
    @Autowired TestFixtures fixtures;
    @Autowired ApiTokens tokens;
    @Autowired MockMvc mvc;

    @Test
    void aQuartersServicesLoggedThroughTheApiGiveTheSeedCountsAndTheParallelShare() throws Exception {
        County county = fixtures.county("绵阳");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        UserAccount commissioner = fixtures.user(Role.COMMISSIONER, county.region(), null);
        long[] projects = new long[5];
        for (int i = 0; i < projects.length; i++) {
            projects[i] = api.project(coordinator, "服务项目" + fixtures.unique(), county.town(), null, null, commissioner.id());
        }
        // a client logging many services holds an API token (a password is checked slowly on purpose, each request)
        String token = tokens.issue(fixtures.login(commissioner.username()), "台账同步", 1).token();
        int n = 0;
        n = logMany(token, projects, ServiceKind.CONTACT, 902, n, "");
        n = logMany(token, projects, ServiceKind.ONSITE_OFFICE, 134, n, "");
        n = logMany(token, projects, ServiceKind.SITE_VISIT, 480, n, "");
        n = logMany(token, projects, ServiceKind.PARALLEL_APPROVAL, 24, n,
                "\"permitType\": \"CONSTRUCTION_PERMIT\", \"inParallel\": true");
        n = logMany(token, projects, ServiceKind.PARALLEL_APPROVAL, 2, n, "\"permitType\": \"EIA\", \"inParallel\": false");
        api.log(commissioner, projects[0], ServiceKind.CONTACT, LocalDate.of(2026, 10, 8), ""); // the next quarter

        JsonNode stats = api.answer(api.send(get("/api/v1/services/statistics").param("regionId", String.valueOf(county.region().id()))
                .param("from", "2026-07-01").param("to", "2026-09-30").param("period", "QUARTER"), coordinator, ""), 200);

        JsonNode byKind = stats.get("total").get("byKind");
        assertThat(byKind.get("CONTACT").asLong()).isEqualTo(902);
        assertThat(byKind.get("ONSITE_OFFICE").asLong()).isEqualTo(134);
        assertThat(byKind.get("SITE_VISIT").asLong()).isEqualTo(480);
        assertThat(byKind.get("PARALLEL_APPROVAL").asLong()).isEqualTo(26);
        assertThat(stats.get("total").get("total").asLong()).isEqualTo(n).isEqualTo(1542);
        JsonNode approvals = stats.get("parallelApprovals");
        assertThat(approvals.get("permits").asLong()).isEqualTo(26);
        assertThat(approvals.get("inParallel").asLong()).isEqualTo(24);
        assertThat(approvals.get("sharePercent").decimalValue()).isEqualByComparingTo("92.3");
        assertThat(stats.get("byPeriod")).hasSize(1);
        assertThat(stats.get("byPeriod").get(0).get("name").asText()).isEqualTo("2026-Q3");
        assertThat(stats.get("byPeriod").get(0).get("total").asLong()).isEqualTo(1542);
        assertThat(stats.get("byRegion").get(0).get("id").asLong()).isEqualTo(county.town().id());
        assertThat(stats.get("byPerson").get(0).get("byKind").get("CONTACT").asLong()).isEqualTo(902);
    }

    /** Logs count services of the kind over the quarter's days and the projects in turn; the running count after. */
    private int logMany(String token, long[] projects, ServiceKind kind, int count, int start, String extra) throws Exception {
        for (int i = start; i < start + count; i++) {
            mvc.perform(post("/api/v1/services").header("Authorization", "Bearer " + token).contentType(MediaType.APPLICATION_JSON)
                    .content("""
                            {"projectId": %d, "kind": "%s", "servedOn": "%s", "content": "联系企业，了解用工需求"%s}
                            """.formatted(projects[i % projects.length], kind, JULY_1.plusDays(i % QUARTER_DAYS),
                            extra.isEmpty() ? "" : ", " + extra)))
                    .andExpect(status().isCreated());
        }
        return start + count;
    }
}
