package org.keyproject.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The demo city as a first start on the embedded database loads it, in an application of its own
 * (its own database): five years of lists and monthly reports, the months before June closed
 * through dispatch, and the county boundaries of the map.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "keyproject.demo=true")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class DemoCityTest {

    @Autowired JdbcTemplate jdbc;
    @Autowired MockMvc http;

    private long root;
    private int year;

    @BeforeEach
    void theDemoCity() {
        root = jdbc.queryForObject("SELECT id FROM region WHERE parent_id IS NULL", Long.class);
        year = jdbc.queryForObject("SELECT max(year) FROM annual_list", Integer.class);
    }

    @Test
    void theCityHasFiveYearsOfListsInTheSameShapes() {
        List<Map<String, Object>> years = jdbc.queryForList("""
                SELECT l.year, count(DISTINCT l.id) FILTER (WHERE l.level = 'CITY') AS city_lists,
                       count(DISTINCT l.id) FILTER (WHERE l.level = 'COUNTY') AS county_lists,
                       count(DISTINCT l.id) FILTER (WHERE l.level = 'PROVINCE') AS province_lists,
                       count(e.id) FILTER (WHERE l.level = 'CITY') AS city_entries,
                       count(e.id) FILTER (WHERE e.target = 'START' AND e.planned_start_month IS NULL) AS start_without_month
                FROM annual_list l LEFT JOIN annual_list_entry e ON e.list_id = l.id
                GROUP BY l.year ORDER BY l.year""");
        assertThat(years).extracting(y -> ((Number) y.get("year")).intValue())
                .containsExactly(year - 4, year - 3, year - 2, year - 1, year);
        for (Map<String, Object> y : years) {
            assertThat(((Number) y.get("city_lists")).intValue()).as("city batches of %s", y.get("year")).isEqualTo(2);
            assertThat(((Number) y.get("county_lists")).intValue()).isEqualTo(10);
            assertThat(((Number) y.get("province_lists")).intValue()).isEqualTo(1);
            assertThat(((Number) y.get("city_entries")).intValue()).as("city entries of %s", y.get("year")).isGreaterThan(40);
            assertThat(((Number) y.get("start_without_month")).intValue()).isZero();
        }
    }

    @Test
    void fiftyThreeMonthsAreClosedAndJuneIsOpenDueFiveWorkingDaysAfterTheMonth() {
        Map<String, Object> periods = jdbc.queryForMap("""
                SELECT count(*) FILTER (WHERE state = 'CLOSED' AND closed_by IS NULL) AS closed,
                       count(*) FILTER (WHERE state = 'OPEN') AS open,
                       min(starts_on) FILTER (WHERE state = 'OPEN') AS open_month,
                       count(*) FILTER (WHERE due_on <> working_day_add(ends_on, 5)) AS wrong_due,
                       count(*) FILTER (WHERE ends_on <> (starts_on + INTERVAL '1 month - 1 day')::date) AS not_a_month
                FROM report_period WHERE region_id = ? AND cadence = 'MONTHLY'""", root);
        assertThat(((Number) periods.get("closed")).intValue()).isEqualTo(53);
        assertThat(((Number) periods.get("open")).intValue()).isEqualTo(1);
        assertThat(periods.get("open_month").toString()).isEqualTo(year + "-06-01");
        assertThat(((Number) periods.get("wrong_due")).intValue()).isZero();
        assertThat(((Number) periods.get("not_a_month")).intValue()).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM audit_event WHERE entity_type = 'report_period' AND action = 'CLOSE'
                  AND actor_name = 'system' AND actor_id IS NULL""", Integer.class)).isEqualTo(53);
    }

    @Test
    void everyClosedMonthHasOneSnapshotRowPerListedProjectAndLevelTakenFromItsConfirmedReport() {
        List<Map<String, Object>> mismatches = jdbc.queryForList("""
                SELECT rp.id, rp.starts_on,
                       (SELECT count(*) FROM annual_list_entry e WHERE e.year = rp.year) AS listed,
                       (SELECT count(*) FROM period_snapshot s WHERE s.period_id = rp.id AND s.revision = 0) AS snapshot,
                       (SELECT count(*) FROM period_snapshot s JOIN progress_report pr ON pr.period_id = s.period_id
                            AND pr.project_id = s.project_id AND pr.state = 'CITY_CONFIRMED'
                        WHERE s.period_id = rp.id AND s.ytd_amount = pr.ytd_amount AND s.period_amount = pr.period_amount) AS from_reports
                FROM report_period rp WHERE rp.region_id = ? AND rp.state = 'CLOSED'""", root);
        assertThat(mismatches).hasSize(53);
        for (Map<String, Object> m : mismatches) {
            long listed = ((Number) m.get("listed")).longValue();
            assertThat(listed).isPositive();
            assertThat(((Number) m.get("snapshot")).longValue()).as("snapshot of %s", m.get("starts_on")).isEqualTo(listed);
            assertThat(((Number) m.get("from_reports")).longValue()).as("reported in %s", m.get("starts_on")).isEqualTo(listed);
        }
    }

    @Test
    void everyListedProjectReportsEveryClosedMonthAndAboutSeventyPercentHaveSubmittedJune() {
        Map<String, Object> reports = jdbc.queryForMap("""
                SELECT (SELECT count(*) FROM report_period rp JOIN annual_list_entry e ON e.year = rp.year
                        WHERE rp.region_id = :root AND rp.state = 'CLOSED'
                          AND e.id = (SELECT min(f.id) FROM annual_list_entry f WHERE f.year = e.year AND f.project_id = e.project_id)) AS due,
                       (SELECT count(*) FROM progress_report pr JOIN report_period rp ON rp.id = pr.period_id
                        WHERE rp.state = 'CLOSED' AND pr.state = 'CITY_CONFIRMED') AS confirmed,
                       (SELECT count(DISTINCT e.project_id) FROM annual_list_entry e WHERE e.year = :year) AS listed_now,
                       (SELECT count(*) FROM progress_report pr JOIN report_period rp ON rp.id = pr.period_id
                        WHERE rp.state = 'OPEN' AND pr.state IN ('SUBMITTED', 'COUNTY_REVIEWED')) AS submitted_now
                """.replace(":root", Long.toString(root)).replace(":year", Integer.toString(year)));
        assertThat(((Number) reports.get("confirmed")).longValue()).isEqualTo(((Number) reports.get("due")).longValue());
        double submitted = ((Number) reports.get("submitted_now")).doubleValue() / ((Number) reports.get("listed_now")).doubleValue();
        assertThat(submitted).isBetween(0.6, 0.8);
    }

    @Test
    void theYearToDateIsTheSumOfTheYearsPeriodAmountsAndSinceStartGrowsWithIt() {
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM (
                    SELECT pr.ytd_amount, sum(pr.period_amount) OVER (PARTITION BY pr.project_id, rp.year ORDER BY rp.starts_on) AS summed,
                           pr.since_start_amount - lag(pr.since_start_amount) OVER (PARTITION BY pr.project_id ORDER BY rp.starts_on) AS grew,
                           lag(rp.starts_on) OVER (PARTITION BY pr.project_id ORDER BY rp.starts_on) AS previous_month,
                           rp.starts_on, pr.period_amount
                    FROM progress_report pr JOIN report_period rp ON rp.id = pr.period_id
                    WHERE rp.region_id = ? AND rp.starts_on < make_date(?, 6, 1)) r
                WHERE r.ytd_amount <> r.summed
                   OR (r.previous_month = r.starts_on - INTERVAL '1 month' AND r.grew <> r.period_amount)""", Integer.class, root, year))
                .isZero();
    }

    @Test
    void yearToDateAmountsMostlyApproachThePlanSomeExceedItAndSomeFallWellShort() {
        Map<String, Object> years = jdbc.queryForMap("""
                SELECT count(*) AS projects,
                       count(*) FILTER (WHERE rate BETWEEN 0.75 AND 1.05) AS near,
                       count(*) FILTER (WHERE rate > 1.02) AS over,
                       count(*) FILTER (WHERE rate < 0.7) AS short
                FROM (SELECT pr.ytd_amount / e.planned_investment AS rate
                      FROM progress_report pr JOIN report_period rp ON rp.id = pr.period_id
                      JOIN (SELECT DISTINCT ON (project_id, year) project_id, year, planned_investment FROM annual_list_entry
                            WHERE target <> 'START' ORDER BY project_id, year, id) e ON e.project_id = pr.project_id AND e.year = rp.year
                      WHERE rp.region_id = ? AND extract(MONTH FROM rp.starts_on) = 12) d""", root);
        double projects = ((Number) years.get("projects")).doubleValue();
        assertThat(((Number) years.get("near")).doubleValue() / projects).isGreaterThan(0.5);
        assertThat(((Number) years.get("over")).longValue()).isPositive();
        assertThat(((Number) years.get("short")).longValue()).isPositive();
    }

    @Test
    void eachCountyHasItsOwnSeasonalityLowAroundTheSpringFestivalAndPeakingInJuneAndAtTheYearsEnd() {
        Map<Long, double[]> shares = new HashMap<>();
        jdbc.query("""
                SELECT p.county_id, extract(MONTH FROM rp.starts_on)::int AS month,
                       sum(pr.period_amount) / sum(sum(pr.period_amount)) OVER (PARTITION BY p.county_id) AS share
                FROM progress_report pr JOIN report_period rp ON rp.id = pr.period_id
                JOIN (SELECT p.id, c.id AS county_id FROM project p JOIN region r ON r.id = p.region_id
                      JOIN region c ON c.level = 'COUNTY' AND r.path LIKE c.path || '%') p ON p.id = pr.project_id
                WHERE rp.region_id = ? AND rp.year < ?
                GROUP BY p.county_id, month""", rs -> {
            shares.computeIfAbsent(rs.getLong(1), k -> new double[12])[rs.getInt(2) - 1] = rs.getDouble(3);
        }, root, year);
        assertThat(shares).hasSize(10);
        List<double[]> counties = List.copyOf(shares.values());
        for (double[] s : counties) {
            assertThat(s[0] + s[1]).as("January and February").isLessThan(s[5] + s[11]);
        }
        double largestGap = 0;
        for (int m = 0; m < 12; m++) {
            largestGap = Math.max(largestGap, Math.abs(counties.get(0)[m] - counties.get(1)[m]));
        }
        assertThat(largestGap).isGreaterThan(0.015);
    }

    @Test
    void theMapReturnsTheDemoCountiesBoundariesAndEveryProjectLiesInsideItsCounty() throws Exception {
        String body = http.perform(get("/api/v1/regions/{id}/boundaries", root).with(httpBasic("fgw1", "test-admin-password-1")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        JsonNode features = new ObjectMapper().readTree(body).get("features");
        assertThat(features).hasSize(10);
        Map<Long, JsonNode> rings = new HashMap<>();
        for (JsonNode f : features) {
            assertThat(f.get("geometry").get("type").asText()).isEqualTo("Polygon");
            rings.put(f.get("properties").get("regionId").asLong(), f.get("geometry").get("coordinates").get(0));
        }
        List<String> outside = new ArrayList<>();
        jdbc.query("""
                SELECT p.code, c.id, p.longitude, p.latitude FROM project p JOIN region r ON r.id = p.region_id
                JOIN region c ON c.level = 'COUNTY' AND r.path LIKE c.path || '%'""", rs -> {
            if (!inside(rings.get(rs.getLong(2)), rs.getDouble(3), rs.getDouble(4))) {
                outside.add(rs.getString(1));
            }
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM project WHERE longitude IS NULL", Integer.class)).isZero();
        assertThat(outside).isEmpty();
        // and no county's polygon holds another county's centre: the tiles do not overlap
        for (Map.Entry<Long, JsonNode> a : rings.entrySet()) {
            double[] centre = centre(a.getValue());
            for (Map.Entry<Long, JsonNode> b : rings.entrySet()) {
                assertThat(inside(b.getValue(), centre[0], centre[1])).isEqualTo(a.getKey().equals(b.getKey()));
            }
        }
    }

    // ------------------------------------------------------------ the problem loop, services and promises

    private static final String PASSWORD = "test-admin-password-1";

    private JsonNode read(String url, String username) throws Exception {
        String body = http.perform(get(url).with(httpBasic(username, PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return new ObjectMapper().readTree(body);
    }

    @Test
    void theCoordinatorListsProblemsInEveryStateWithCandidatesListedAndOverdueOnes() throws Exception {
        for (String state : List.of("RAISED", "ASSIGNED", "IN_PROGRESS", "ANSWERED", "CLOSED", "DISMISSED")) {
            assertThat(read("/api/v1/problems?state=" + state, "fgw1").get("total").asLong()).as(state).isPositive();
        }
        assertThat(read("/api/v1/problems?candidate=true", "fgw1").get("total").asLong()).isPositive();
        assertThat(read("/api/v1/problems?listed=true", "fgw1").get("total").asLong()).isPositive();
        assertThat(read("/api/v1/problems?overdue=true", "fgw1").get("total").asLong()).isPositive();
        JsonNode closed = read("/api/v1/problems?state=CLOSED&size=1", "fgw1").get("items").get(0);
        JsonNode steps = read("/api/v1/problems/" + closed.get("id").asLong(), "fgw1").get("steps");
        List<String> actions = new ArrayList<>();
        steps.forEach(s -> actions.add(s.get("action").asText()));
        assertThat(actions).startsWith("RAISE").endsWith("ACCEPT").contains("ASSIGN", "START", "ANSWER");
    }

    @Test
    void aDepartmentHandlerSignsInAndSeesOnlyTheProblemsOfItsDepartmentAndItsInbox() throws Exception {
        Map<String, Object> busiest = jdbc.queryForMap("""
                SELECT u.username, u.organization_id, count(*) AS problems FROM app_user u JOIN problem pb ON pb.department_id = u.organization_id
                WHERE u.role = 'DEPARTMENT' GROUP BY u.username, u.organization_id ORDER BY count(*) DESC, u.username LIMIT 1""");
        String username = (String) busiest.get("username");
        long department = ((Number) busiest.get("organization_id")).longValue();
        assertThat(username).startsWith("bm");
        JsonNode page = read("/api/v1/problems?size=200", username);
        assertThat(page.get("total").asLong()).isEqualTo(((Number) busiest.get("problems")).longValue());
        page.get("items").forEach(item -> assertThat(item.get("departmentId").asLong()).isEqualTo(department));
        List<String> kinds = new ArrayList<>();
        read("/api/v1/inbox?size=100", username).get("items").forEach(n -> kinds.add(n.get("kind").asText()));
        assertThat(kinds).contains("PROBLEM_ASSIGNED");
    }

    @Test
    void theServicesCountEveryKindSomeLeadersFellShortAndRecentSigningsHaveKeptLateAndBrokenPromises() throws Exception {
        JsonNode statistics = read("/api/v1/services/statistics?from=%d-01-01&to=%d-06-30".formatted(year, year), "fgw1");
        statistics.get("total").get("byKind").forEach(count -> assertThat(count.asLong()).isPositive());
        assertThat(statistics.get("parallelApprovals").get("sharePercent").asDouble()).isGreaterThan(80);
        int leaders = jdbc.queryForObject("""
                SELECT count(DISTINCT leader_id) FROM project WHERE leader_id IS NOT NULL AND stage NOT IN ('COMPLETED', 'WITHDRAWN')""",
                Integer.class);
        int short_ = 0;
        for (int month = 1; month <= 6; month++) {
            int fellShort = read("/api/v1/services/leader-shortfalls?month=%d-%02d".formatted(year, month), "fgw1").get("leaders").size();
            assertThat(fellShort).as("leaders short in month %d", month).isLessThan(leaders / 2);
            short_ += fellShort;
        }
        assertThat(short_).isPositive();
        List<String> states = new ArrayList<>();
        read("/api/v1/promises?size=200&on=%d-06-30".formatted(year), "fgw1").get("items").forEach(p -> states.add(p.get("state").asText()));
        assertThat(states).contains("KEPT", "KEPT_LATE", "LATE");
    }

    /** Ray casting: a ray from the point eastwards crosses the ring's edges an odd number of times. */
    private static boolean inside(JsonNode ring, double x, double y) {
        boolean in = false;
        for (int i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            double xi = ring.get(i).get(0).asDouble();
            double yi = ring.get(i).get(1).asDouble();
            double xj = ring.get(j).get(0).asDouble();
            double yj = ring.get(j).get(1).asDouble();
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                in = !in;
            }
        }
        return in;
    }

    private static double[] centre(JsonNode ring) {
        double x = 0;
        double y = 0;
        for (int i = 0; i < ring.size() - 1; i++) {
            x += ring.get(i).get(0).asDouble();
            y += ring.get(i).get(1).asDouble();
        }
        return new double[] {x / (ring.size() - 1), y / (ring.size() - 1)};
    }
}
