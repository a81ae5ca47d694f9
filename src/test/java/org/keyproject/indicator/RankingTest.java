package org.keyproject.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.ledger.Workbooks;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.region.NewRegion;
import org.keyproject.region.Region;
import org.keyproject.region.Regions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Rankings (赛马) of the regions under one region, read through GET /api/v1/rankings after loading a
 * ledger and two months of dispatch sheets through the imports. The region's three towns:
 * <pre>
 *            planned  started   May ytd  June ytd   May rate  June rate
 *   甲 A       1000    1 of 2      100      300       10.0      30.0
 *   乙 B       2000    2 of 2      400      600       20.0      30.0
 *   丙 C       1000    1 of 2      150      500       15.0      50.0
 * </pre>
 * and a fourth town without any project.
 */
@IntegrationTest
class RankingTest {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired TestFixtures fixtures;
    @Autowired Regions regions;

    TestFixtures.County county;
    UserAccount coordinator;
    Region a;
    Region b;
    Region c;
    String u;

    @BeforeEach
    void setUp() throws Exception {
        county = fixtures.county("赛马");
        coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        u = fixtures.unique();
        a = town("甲");
        b = town("乙");
        c = town("丙");
        List<Line> lines = List.of(
                new Line("甲一", a, 500, true, 100, 300), new Line("甲二", a, 500, false, 0, 0),
                new Line("乙一", b, 1000, true, 200, 300), new Line("乙二", b, 1000, true, 200, 300),
                new Line("丙一", c, 500, true, 150, 500), new Line("丙二", c, 500, false, 0, 0));
        ledger(2026, lines);
        dispatch("2026-05", lines, Line::ytdMay, true);
        dispatch("2026-06", lines, Line::ytdJune, true);
    }

    @Test
    void townsRankedByCompletionRateShareARankOnATieAndARegionWithoutAValueComesLastUnranked() throws Exception {
        JsonNode ranking = ranking("figure=completionRate&period=2026-06", coordinator, 200);

        assertThat(ranking.get("figure").asText()).isEqualTo("completionRate");
        assertThat(ranking.get("scheme").isNull()).isTrue();
        assertThat(ranking.get("period").asText()).isEqualTo("2026-06");
        assertThat(ranking.get("previousPeriod").asText()).isEqualTo("2026-05");
        List<JsonNode> items = items(ranking);
        assertThat(items).hasSize(4);
        assertThat(ids(items)).containsExactly(c.id(), a.id(), b.id(), county.town().id());
        assertThat(items.get(0).get("value").toString()).isEqualTo("50.0");
        assertThat(items.get(1).get("value").toString()).isEqualTo("30.0");
        assertThat(items.get(2).get("value").toString()).isEqualTo("30.0");
        assertThat(ranks(items, "rank")).containsExactly(1, 2, 2, null);
        assertThat(items.get(3).get("value").isNull()).isTrue();
        assertThat(items.get(0).get("regionName").asText()).isEqualTo(c.name());
    }

    @Test
    void movementIsThePlacesGainedSinceTheMonthBeforeAndJanuaryHasNoPreviousRank() throws Exception {
        // May: B 20.0, C 15.0, A 10.0; June: C 50.0, A 30.0, B 30.0
        List<JsonNode> june = items(ranking("figure=completionRate&period=2026-06", coordinator, 200));

        assertThat(ranks(june, "previousRank")).containsExactly(2, 3, 1, null);
        assertThat(ranks(june, "movement")).containsExactly(1, 1, -1, null);

        JsonNode january = ranking("figure=completionRate&period=2026-01", coordinator, 200);
        assertThat(january.get("previousPeriod").isNull()).isTrue();
        items(january).forEach(item -> assertThat(item.get("previousRank").isNull()).isTrue());
    }

    @Test
    void aSchemeRanksByTheWeightedSumAndResavingMakesANewVersionWhileTheOldOneStillAnswers() throws Exception {
        JsonNode v1 = save("{\"regionId\": %d, \"name\": \"季度赛马\", \"weights\": {\"completionRate\": 1, \"startRate\": 0.5}}"
                .formatted(county.region().id()), coordinator, 201);
        assertThat(v1.get("version").asInt()).isEqualTo(1);

        // June: A 30 + 50 × 0.5 = 55, B 30 + 100 × 0.5 = 80, C 50 + 50 × 0.5 = 75
        JsonNode byV1 = ranking("scheme=" + v1.get("id").asLong() + "&period=2026-06", coordinator, 200);
        assertThat(byV1.get("scheme").get("version").asInt()).isEqualTo(1);
        assertThat(byV1.get("scheme").get("name").asText()).isEqualTo("季度赛马");
        assertThat(byV1.get("figure").isNull()).isTrue();
        List<JsonNode> items = items(byV1);
        assertThat(ids(items)).containsExactly(b.id(), c.id(), a.id(), county.town().id());
        assertThat(items.get(0).get("value").decimalValue()).isEqualByComparingTo("80.0");
        assertThat(items.get(1).get("value").decimalValue()).isEqualByComparingTo("75.0");
        assertThat(items.get(2).get("value").decimalValue()).isEqualByComparingTo("55.0");
        // May: A 35, B 70, C 40: the same order, so nobody moved
        assertThat(ranks(items, "movement")).containsExactly(0, 0, 0, null);

        JsonNode v2 = save("{\"regionId\": %d, \"name\": \"季度赛马\", \"weights\": {\"completionRate\": 2}}"
                .formatted(county.region().id()), coordinator, 201);
        assertThat(v2.get("version").asInt()).isEqualTo(2);
        List<JsonNode> byV2 = items(ranking("scheme=" + v2.get("id").asLong() + "&period=2026-06", coordinator, 200));
        assertThat(ids(byV2)).containsExactly(c.id(), a.id(), b.id(), county.town().id());
        assertThat(byV2.get(0).get("value").decimalValue()).isEqualByComparingTo("100.0");
        assertThat(ids(items(ranking("scheme=" + v1.get("id").asLong() + "&period=2026-06", coordinator, 200))))
                .containsExactly(b.id(), c.id(), a.id(), county.town().id());

        JsonNode latest = read(mvc.perform(get("/api/v1/ranking-schemes?regionId=" + county.region().id())
                .with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))).andReturn(), 200);
        assertThat(latest).hasSize(1);
        assertThat(latest.get(0).get("version").asInt()).isEqualTo(2);
        JsonNode history = read(mvc.perform(get("/api/v1/ranking-schemes/" + v1.get("id").asLong())
                .with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))).andReturn(), 200);
        assertThat(history.get("scheme").get("weights").get("startRate").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(history.get("versions")).hasSize(2);
        assertThat(history.get("versions").get(1).get("weights").get("completionRate").decimalValue()).isEqualByComparingTo("2");
    }

    @Test
    void completedGrowthRanksByTheGrowthOfCompletedInvestmentAgainstTheSameMonthOfLastYear() throws Exception {
        List<Line> lastYear = List.of(
                new Line("甲一", a, 500, false, 0, 200), new Line("甲二", a, 500, false, 0, 0),
                new Line("乙一", b, 1000, false, 0, 300), new Line("乙二", b, 1000, false, 0, 300),
                new Line("丙一", c, 500, false, 0, 250), new Line("丙二", c, 500, false, 0, 0));
        ledger(2025, lastYear);
        dispatch("2025-06", lastYear, Line::ytdJune, false);

        // June against June 2025: A 300 ÷ 200 → +50%, B 600 ÷ 600 → 0%, C 500 ÷ 250 → +100%; the empty town has no base
        JsonNode ranking = ranking("figure=completedGrowth&period=2026-06", coordinator, 200);

        List<JsonNode> items = items(ranking);
        assertThat(ids(items)).containsExactly(c.id(), a.id(), b.id(), county.town().id());
        assertThat(items.stream().map(i -> i.get("value").isNull() ? null : i.get("value").toString()).toList())
                .containsExactly("100.0", "50.0", "0.0", null);
        assertThat(ranks(items, "rank")).containsExactly(1, 2, 3, null);
    }

    @Test
    void aSchemeWithAnUnknownFigureOrAWeightThatIsNoPositiveNumberOrNoWeightsIsRefusedFieldByField() throws Exception {
        JsonNode bad = save("{\"regionId\": %d, \"name\": \"错误\", \"weights\": {\"speed\": 1, \"startRate\": -1, \"listed\": \"很多\"}}"
                .formatted(county.region().id()), coordinator, 400);
        assertThat(bad.get("errors")).hasSize(3);
        assertThat(bad.toString()).contains("speed", "startRate", "listed", "正数");

        JsonNode empty = save("{\"regionId\": %d, \"name\": \"空\", \"weights\": {}}".formatted(county.region().id()), coordinator, 400);
        assertThat(empty.get("errors").get(0).get("field").asText()).isEqualTo("weights");
        JsonNode timeProgress = ranking("figure=timeProgress&period=2026-06", coordinator, 400);
        assertThat(timeProgress.toString()).contains("序时进度");
    }

    @Test
    void aTownUserCannotRankItsParentsTownsNorSaveASchemeForIt() throws Exception {
        UserAccount townUser = fixtures.user(Role.COORDINATOR, a, null);

        ranking("figure=completionRate&period=2026-06", townUser, 404);
        save("{\"regionId\": %d, \"name\": \"越权\", \"weights\": {\"completionRate\": 1}}".formatted(county.region().id()),
                townUser, 403);
        UserAccount observer = fixtures.user(Role.OBSERVER, county.region(), null);
        save("{\"regionId\": %d, \"name\": \"旁观\", \"weights\": {\"completionRate\": 1}}".formatted(county.region().id()),
                observer, 403);
        assertThat(items(ranking("figure=completionRate&period=2026-06", observer, 200))).hasSize(4);
    }

    // ---- data through the imports ----

    /** One project of a town: its planned investment, whether it started in March, its 1–5 and 1–6 months' amounts. */
    record Line(String name, Region town, long planned, boolean started, long ytdMay, long ytdJune) {
    }

    private Region town(String name) {
        return regions.create(new NewRegion("R" + fixtures.unique(), name + u + "镇", null, "TOWN", county.region().id()));
    }

    /** The year's county list; the planned start month in March 2026 only. */
    private void ledger(int year, List<Line> lines) throws Exception {
        upload("/api/v1/imports/ledger?year=" + year + "&createMissing=true", "台账.xlsx", Workbooks.xlsx(s -> {
            s.row(year + "年县级重点项目清单");
            s.row("项目名称", "建设单位", "所在县区", "总投资（万元）", "年度计划投资（万元）", "建设性质", "项目类别", "计划开工时间");
            for (Line l : lines) {
                s.row(l.name() + u, owner(l), l.town().name(), l.planned() * 3, l.planned(), "新建", "产业", year == 2026 ? "2026年3月" : null);
            }
        }));
    }

    /** A month's dispatch sheet; with the start, every started project started on 10 March 2026. */
    private void dispatch(String period, List<Line> lines, ToLongFunction<Line> ytd, boolean withStart) throws Exception {
        int month = Integer.parseInt(period.substring(5));
        upload("/api/v1/imports/dispatch?period=" + period, "调度表.xlsx", Workbooks.xlsx(s -> {
            s.row("调度表");
            s.row(withStart ? new Object[] {"项目名称", "建设单位", "1-" + month + "月完成投资（万元）", "开复工情况", "实际开工时间"}
                    : new Object[] {"项目名称", "建设单位", "1-" + month + "月完成投资（万元）"});
            for (Line l : lines) {
                s.row(withStart ? new Object[] {l.name() + u, owner(l), ytd.applyAsLong(l), l.started() ? "已开工" : "未开工",
                        l.started() ? LocalDate.of(2026, 3, 10) : null} : new Object[] {l.name() + u, owner(l), ytd.applyAsLong(l)});
            }
        }));
    }

    private String owner(Line l) {
        return "赛马建设单位" + u + l.name();
    }

    private void upload(String url, String filename, byte[] file) throws Exception {
        MvcResult result = mvc.perform(multipart(url).file(new MockMultipartFile("file", filename, XLSX, file))
                .with(httpBasic(coordinator.username(), TestFixtures.PASSWORD))).andReturn();
        read(result, 200);
    }

    // ---- reading ----

    private JsonNode ranking(String query, UserAccount as, int status) throws Exception {
        return read(mvc.perform(get("/api/v1/rankings?regionId=" + county.region().id() + "&year=2026&" + query)
                .with(httpBasic(as.username(), TestFixtures.PASSWORD))).andReturn(), status);
    }

    private JsonNode save(String body, UserAccount as, int status) throws Exception {
        MockHttpServletRequestBuilder request = post("/api/v1/ranking-schemes").contentType(MediaType.APPLICATION_JSON).content(body);
        return read(mvc.perform(request.with(httpBasic(as.username(), TestFixtures.PASSWORD))).andReturn(), status);
    }

    private JsonNode read(MvcResult result, int status) throws Exception {
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        return json.readTree(body);
    }

    private static List<JsonNode> items(JsonNode ranking) {
        List<JsonNode> items = new ArrayList<>();
        ranking.get("items").forEach(items::add);
        return items;
    }

    private static List<Long> ids(List<JsonNode> items) {
        return items.stream().map(i -> i.get("regionId").asLong()).toList();
    }

    /** One integer field of every item, null kept as null. */
    private static List<Integer> ranks(List<JsonNode> items, String field) {
        return items.stream().map(i -> i.get(field).isNull() ? null : Integer.valueOf(i.get(field).asInt())).toList();
    }
}
