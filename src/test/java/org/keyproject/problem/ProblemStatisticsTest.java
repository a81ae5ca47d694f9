package org.keyproject.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.calendar.WorkingDays;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Problem statistics (问题统计) through GET /api/v1/problems/statistics: the seed figure of problems solved
 * in a quarter, late closings and the median, the department ranking and the scope.
 */
@IntegrationTest
class ProblemStatisticsTest {

    private static final LocalDate JUNE_30 = LocalDate.of(2026, 6, 30);
    private static final String Q3 = "from=2026-07-01&to=2026-09-30";

    @Autowired ProblemLoop loop;
    @Autowired TestFixtures fixtures;
    @Autowired MockMvc mvc;
    @Autowired WorkingDays workingDays;
    @Autowired JdbcClient jdbc;

    @Test
    void fiftyOneProblemsClosedInAQuarterCountFiftyOneWithTheLateOnesAndTheMedianInWorkingDays() throws Exception {
        ProblemLoop.Cast c = loop.cast("双台子");
        List<Integer> daysToClose = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            long id = loop.inState(c, ProblemState.CLOSED);
            // the loop stamps its instants with now(): put raising, deadline and closing back into the third quarter
            LocalDate raised = workingDays.add(JUNE_30, 1 + i % 20);
            int days = i % 9;
            backdate(id, raised, workingDays.add(raised, 5), days == 0 ? raised : workingDays.add(raised, days));
            daysToClose.add(days);
        }
        long stillOpen = loop.inState(c, ProblemState.IN_PROGRESS);
        backdate(stillOpen, LocalDate.of(2026, 9, 1), LocalDate.of(2026, 9, 8), null);
        loop.inState(c, ProblemState.CLOSED); // raised and closed today: another quarter
        ProblemLoop.Cast other = loop.cast("别县");
        long elsewhere = loop.inState(other, ProblemState.CLOSED);
        backdate(elsewhere, LocalDate.of(2026, 7, 6), LocalDate.of(2026, 7, 13), LocalDate.of(2026, 7, 7));

        JsonNode stats = statistics(c.coordinator(), Q3 + "&groupBy=QUARTER");

        long late = daysToClose.stream().filter(d -> d > 5).count();
        assertThat(late).isEqualTo(15);
        assertThat(stats.get("rows")).hasSize(1);
        JsonNode quarter = stats.get("rows").get(0);
        assertThat(quarter.get("key").asText()).isEqualTo("2026-Q3");
        assertThat(quarter.get("closed").asLong()).isEqualTo(51);
        assertThat(quarter.get("closedLate").asLong()).isEqualTo(late);
        assertThat(quarter.get("closedOnTime").asLong()).isEqualTo(51 - late);
        assertThat(quarter.get("onTimeRate").decimalValue()).isEqualByComparingTo("70.6");
        assertThat(quarter.get("medianDaysToClose").decimalValue()).as("the 26th of 51 sorted").isEqualByComparingTo(
                String.valueOf(daysToClose.stream().sorted().toList().get(25)));
        assertThat(quarter.get("raised").asLong()).isEqualTo(52);
        assertThat(quarter.get("open").asLong()).isEqualTo(1);
        assertThat(quarter.get("overdue").asLong()).as("in progress past its deadline, today").isEqualTo(1);
        assertThat(stats.get("total").get("closed").asLong()).isEqualTo(51);

        JsonNode months = statistics(c.coordinator(), Q3 + "&groupBy=MONTH");
        long closedByMonth = 0;
        for (JsonNode m : months.get("rows")) {
            assertThat(m.get("key").asText()).isIn("2026-07", "2026-08", "2026-09");
            closedByMonth += m.get("closed").asLong();
        }
        assertThat(closedByMonth).isEqualTo(51);
        JsonNode september = months.get("rows").get(months.get("rows").size() - 1);
        assertThat(september.get("key").asText()).isEqualTo("2026-09");
        assertThat(september.get("raised").asLong()).as("the one still open").isEqualTo(1);
        assertThat(september.get("closed").asLong()).isZero();
        JsonNode solved = loop.http().read(loop.http().send(get("/api/v1/services/statistics?" + Q3 + "&period=QUARTER"),
                c.coordinator(), ""));
        assertThat(solved.get("total").get("problemsSolved").asLong()).as("the service ledger counts the same 51").isEqualTo(51);
        assertThat(solved.get("byPeriod").get(0).get("problemsSolved").asLong()).isEqualTo(51);
    }

    @Test
    void departmentsRankByOnTimeRateThenMedianAndAHandlerOrAnotherCountySeesOnlyItsOwn() throws Exception {
        ProblemLoop.Cast c = loop.cast("排名");
        closed(c, c.departmentA(), c.handlerA(), LocalDate.of(2026, 7, 1), 1, 5);
        closed(c, c.departmentA(), c.handlerA(), LocalDate.of(2026, 7, 2), 3, 5);
        closed(c, c.departmentB(), c.handlerB(), LocalDate.of(2026, 7, 1), 1, 5);
        closed(c, c.departmentB(), c.handlerB(), LocalDate.of(2026, 7, 1), 8, 5);
        long unassigned = loop.inState(c, ProblemState.RAISED);
        backdate(unassigned, LocalDate.of(2026, 8, 3), null, null);

        JsonNode rows = statistics(c.coordinator(), Q3).get("rows");

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("id").asLong()).isEqualTo(c.departmentA());
        assertThat(rows.get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(rows.get(0).get("onTimeRate").decimalValue()).isEqualByComparingTo("100.0");
        assertThat(rows.get(0).get("medianDaysToClose").decimalValue()).isEqualByComparingTo("2.0");
        assertThat(rows.get(1).get("id").asLong()).isEqualTo(c.departmentB());
        assertThat(rows.get(1).get("rank").asInt()).isEqualTo(2);
        assertThat(rows.get(1).get("onTimeRate").decimalValue()).isEqualByComparingTo("50.0");
        assertThat(rows.get(1).get("closedLate").asLong()).isEqualTo(1);
        assertThat(rows.get(2).get("id").isNull()).as("not yet assigned, unranked").isTrue();
        assertThat(rows.get(2).get("rank").isNull()).isTrue();
        assertThat(rows.get(2).get("raised").asLong()).isEqualTo(1);

        JsonNode handler = statistics(c.handlerA(), Q3);
        assertThat(handler.get("rows")).hasSize(1);
        assertThat(handler.get("rows").get(0).get("id").asLong()).isEqualTo(c.departmentA());
        assertThat(handler.get("total").get("closed").asLong()).isEqualTo(2);

        UserAccount stranger = fixtures.user(Role.COORDINATOR, c.elsewhere().region(), null);
        loop.http().send(get("/api/v1/problems/statistics?regionId=" + c.county().region().id()), stranger, "")
                .andExpect(status().isNotFound());
        assertThat(statistics(stranger, Q3).get("total").get("raised").asLong()).isZero();

        JsonNode categories = statistics(c.coordinator(), Q3 + "&groupBy=CATEGORY&regionId=" + c.county().region().id());
        assertThat(categories.get("rows")).hasSize(1);
        assertThat(categories.get("rows").get(0).get("key").asText()).isEqualTo("LAND");
        assertThat(categories.get("rows").get(0).get("closed").asLong()).isEqualTo(4);
        JsonNode regions = statistics(c.coordinator(), Q3 + "&groupBy=REGION");
        assertThat(regions.get("rows").get(0).get("id").asLong()).as("the town under the county").isEqualTo(c.county().town().id());

        String page = mvc.perform(get("/problems/statistics?" + Q3).with(user(fixtures.login(c.coordinator().username()))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(page).contains("问题统计", "按期销号率", "未交办", "id=\"stats-table\"");
    }

    /** A problem assigned to the department, raised on the day and closed the given working days later. */
    private void closed(ProblemLoop.Cast c, long department, UserAccount handler, LocalDate raised, int days, int deadlineDays)
            throws Exception {
        long id = loop.raise(c, "LAND", false).get("id").asLong();
        loop.act(c.coordinator(), id, "ASSIGN", "\"departmentId\": " + department);
        loop.act(handler, id, "START", "");
        loop.act(handler, id, "ANSWER", "\"answer\": \"已办结\"");
        loop.act(c.commissioner(), id, "ACCEPT", "");
        backdate(id, raised, workingDays.add(raised, deadlineDays), workingDays.add(raised, days));
    }

    private JsonNode statistics(UserAccount who, String query) throws Exception {
        return loop.http().read(loop.http().send(get("/api/v1/problems/statistics?" + query), who, ""));
    }

    /** Moves a problem's raising, deadline and closing to the days given (10:00 and 16:00 in Shanghai). */
    private void backdate(long id, LocalDate raised, LocalDate deadline, LocalDate closed) {
        jdbc.sql("""
                UPDATE problem SET raised_at = (CAST(? AS date) + TIME '10:00') AT TIME ZONE 'Asia/Shanghai',
                    deadline = coalesce(CAST(? AS date), deadline),
                    closed_at = CASE WHEN closed_at IS NULL THEN NULL
                                     ELSE (CAST(? AS date) + TIME '16:00') AT TIME ZONE 'Asia/Shanghai' END
                WHERE id = ?
                """).params(raised, deadline, closed, id).update();
    }
}
