package org.keyproject.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.keyproject.indicator.ImportedLists.lines;
import static org.keyproject.indicator.ImportedLists.share;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.indicator.ImportedLists.Line;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The figures governments published, rebuilt from data loaded through the product's own imports (a
 * ledger, then a dispatch sheet) and read back through GET /api/v1/indicators.
 */
@IntegrationTest
class PublishedFiguresTest {

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired TestFixtures fixtures;

    TestFixtures.County county;
    UserAccount coordinator;
    String u;

    @BeforeEach
    void setUp() {
        county = fixtures.county("指标");
        coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        u = fixtures.unique();
    }

    @Test
    void daqingListOf387GivesStartRate773NewStartRate600ResumeRate977AndCompletionRate164WithYearOnYear() throws Exception {
        // last year: 380 projects (200 new, 180 continuing), 1428.2亿 total, 297 started (120 new, 177 continuing)
        List<Line> lastYear = lines("去年", 380, 200, 14_282_000, 5_000_000, 120, 177, 800_000, 2025, 3);
        load(2025, "2025-04", lastYear);
        // this year: 387 projects (210 new, 177 continuing), 1528.2亿 total, 577.5亿 planned,
        // 299 started (126 new, 173 continuing), 94.5亿 completed by April
        List<Line> thisYear = lines("今年", 387, 210, 15_282_000, 5_775_000, 126, 173, 945_000, 2026, 3);
        load(2026, "2026-04", thisYear);

        JsonNode report = indicators("year=2026&period=2026-04", 200);
        JsonNode f = report.get("figures");

        assertThat(report.get("listLevel").asText()).isEqualTo("COUNTY");
        assertThat(report.get("source").asText()).isEqualTo("LIVE");
        assertThat(f.get("listed").asLong()).isEqualTo(387);
        assertThat(f.get("newProjects").asLong()).isEqualTo(210);
        assertThat(f.get("continuingProjects").asLong()).isEqualTo(177);
        assertThat(f.get("totalInvestment").decimalValue()).isEqualByComparingTo("15282000");
        assertThat(f.get("plannedInvestment").decimalValue()).isEqualByComparingTo("5775000");
        assertThat(f.get("started").asLong()).isEqualTo(299);
        assertThat(f.get("startedNew").asLong()).isEqualTo(126);
        assertThat(f.get("resumed").asLong()).isEqualTo(173);
        assertThat(f.get("completed").decimalValue()).isEqualByComparingTo("945000");
        assertThat(f.get("startRate").decimalValue()).isEqualByComparingTo("77.3");
        assertThat(f.get("newStartRate").decimalValue()).isEqualByComparingTo("60.0");
        assertThat(f.get("resumeRate").decimalValue()).isEqualByComparingTo("97.7");
        assertThat(f.get("completionRate").decimalValue()).isEqualByComparingTo("16.4");
        assertThat(f.get("startRate").toString()).isEqualTo("77.3");

        JsonNode yoy = report.get("yearOnYear");
        assertThat(yoy.get("period").asText()).isEqualTo("2025-04");
        assertThat(yoy.get("figures").get("started").asLong()).isEqualTo(297);
        assertThat(yoy.get("change").get("totalInvestment").decimalValue()).isEqualByComparingTo("1000000"); // +100亿
        assertThat(yoy.get("change").get("started").asLong()).isEqualTo(2);
        assertThat(yoy.get("change").get("listed").asLong()).isEqualTo(7);
        // 77.26… − 78.15… = −0.89 points, from the unrounded rates
        assertThat(yoy.get("change").get("startRate").decimalValue()).isEqualByComparingTo("-0.9");
        // 945000 ÷ 800000 − 1 = 18.125% growth, published half up as 18.1
        assertThat(yoy.get("growth").get("completed").decimalValue()).isEqualByComparingTo("18.1");
    }

    @Test
    void listOf444With6290Of6474CompletedByOctoberIs972AndAhead138PointsAnd206Of255PlannedStartsIs808() throws Exception {
        List<Line> list = new ArrayList<>();
        // 255 planned starts: 223 planned for March (200 started in March, 23 not), 32 for November (6 started in October)
        // 189 continuing, all resumed; money on the 395 started or resumed projects
        long planned = 6_474_000;
        long ytd = 6_290_000;
        for (int i = 0; i < 444; i++) {
            boolean isNew = i < 255;
            Integer month = !isNew ? null : i < 223 ? 3 : 11;
            boolean started = !isNew || i < 200 || (i >= 223 && i < 229);
            LocalDate on = !isNew ? null : i < 200 ? LocalDate.of(2026, 3, 16) : started ? LocalDate.of(2026, 10, 9) : null;
            list.add(new Line("十月" + i, isNew, 60_000, share(planned, 444, i), month,
                    isNew ? (started ? "已开工" : "未开工") : "已复工", on, 0));
        }
        List<Integer> paying = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).startState().startsWith("未")) {
                paying.add(i);
            }
        }
        for (int k = 0; k < paying.size(); k++) {
            Line l = list.get(paying.get(k));
            list.set(paying.get(k), new Line(l.name(), l.isNew(), l.total(), l.planned(), l.plannedMonth(), l.startState(),
                    l.startedOn(), share(ytd, paying.size(), k)));
        }
        load(2026, "2026-10", list);

        JsonNode f = indicators("year=2026&period=2026-10", 200).get("figures");

        assertThat(f.get("listed").asLong()).isEqualTo(444);
        assertThat(f.get("plannedInvestment").decimalValue()).isEqualByComparingTo("6474000");
        assertThat(f.get("completed").decimalValue()).isEqualByComparingTo("6290000");
        assertThat(f.get("completionRate").decimalValue()).isEqualByComparingTo("97.2");
        assertThat(f.get("timeProgress").decimalValue()).isEqualByComparingTo("83.3");
        // 97.158… − 83.333… = 13.82…: 13.8 from the unrounded rates (97.2 − 83.3 would give 13.9)
        assertThat(f.get("pointsAgainstTimeProgress").decimalValue()).isEqualByComparingTo("13.8");
        assertThat(f.get("plannedStarts").asLong()).isEqualTo(255);
        assertThat(f.get("plannedStartsDue").asLong()).isEqualTo(223);
        assertThat(f.get("plannedStarted").asLong()).isEqualTo(206);
        assertThat(f.get("plannedStartRate").decimalValue()).isEqualByComparingTo("80.8");
        assertThat(f.get("startedAhead").asLong()).isEqualTo(6);
        assertThat(f.get("notStartedAsPlanned").asLong()).isEqualTo(23);

        JsonNode twoDecimals = indicators("year=2026&period=2026-10&decimals=2&breakdowns=false", 200).get("figures");
        assertThat(twoDecimals.get("completionRate").toString()).isEqualTo("97.16");
        assertThat(twoDecimals.get("pointsAgainstTimeProgress").toString()).isEqualTo("13.82");
    }

    @Test
    void theProjectsBehindAFigureAreExactlyTheOnesItCountsAndAnotherCountySeesNeitherFigureNorProjects() throws Exception {
        List<Line> list = lines("明细", 12, 7, 240_000, 60_000, 4, 3, 21_000, 2026, 5);
        load(2026, "2026-06", list);

        JsonNode started = get("/api/v1/indicators/projects?regionId=%d&year=2026&period=2026-06&figure=started"
                .formatted(county.region().id()), coordinator.username(), 200);
        assertThat(started.get("total").asLong()).isEqualTo(7);
        started.get("items").forEach(item -> assertThat(item.get("started").asBoolean()).isTrue());
        JsonNode newNotStarted = get("/api/v1/indicators/projects?regionId=%d&year=2026&period=2026-06&figure=notStarted&dimension=NATURE&key=NEW"
                .formatted(county.region().id()), coordinator.username(), 200);
        assertThat(newNotStarted.get("total").asLong()).isEqualTo(3);
        String startedPage = "/api/v1/indicators/projects?regionId=%d&year=2026&period=2026-06&figure=started&size=5&page="
                .formatted(county.region().id());
        JsonNode lastPage = get(startedPage + 1, coordinator.username(), 200);
        assertThat(lastPage.get("items")).hasSize(2);
        assertThat(lastPage.get("total").asLong()).isEqualTo(7);
        JsonNode pastTheEnd = get(startedPage + 4, coordinator.username(), 200);
        assertThat(pastTheEnd.get("items")).isEmpty();
        assertThat(pastTheEnd.get("total").asLong()).isEqualTo(7);

        TestFixtures.County other = fixtures.county("别县");
        UserAccount stranger = fixtures.user(Role.COORDINATOR, other.region(), null);
        get("/api/v1/indicators?regionId=%d&year=2026&period=2026-06".formatted(county.region().id()), stranger.username(), 404);
        get("/api/v1/indicators/projects?regionId=%d&year=2026&period=2026-06&figure=started".formatted(county.region().id()),
                stranger.username(), 404);
        JsonNode bad = get("/api/v1/indicators?regionId=%d&year=2026&period=2025-13".formatted(county.region().id()),
                coordinator.username(), 400);
        assertThat(bad.toString()).contains("period");
    }

    private void load(int year, String period, List<Line> lines) throws Exception {
        new ImportedLists(mvc, county.region(), coordinator.username(), u).load(year, period, lines);
    }

    private JsonNode indicators(String query, int status) throws Exception {
        return get("/api/v1/indicators?regionId=" + county.region().id() + "&" + query, coordinator.username(), status);
    }

    private JsonNode get(String url, String username, int status) throws Exception {
        MvcResult result = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(url)
                .with(httpBasic(username, TestFixtures.PASSWORD))).andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        return json.readTree(body);
    }
}
