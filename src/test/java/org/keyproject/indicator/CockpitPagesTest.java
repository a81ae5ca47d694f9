package org.keyproject.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyproject.indicator.ImportedLists.lines;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.indicator.ImportedLists.Line;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.keyproject.region.Region;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

/**
 * The cockpit (驾驶舱) pages over HTTP: the published figures of data loaded through the imports, the
 * projects behind a figure, the Excel exports against the API, and the scope of a county user.
 */
@IntegrationTest
class CockpitPagesTest {

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired TestFixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired Indicators indicators;

    TestFixtures.County county;
    UserAccount coordinator;
    ImportedLists imports;

    @BeforeEach
    void setUp() {
        county = fixtures.county("驾驶舱");
        coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        imports = new ImportedLists(mvc, county.region(), coordinator.username(), fixtures.unique());
    }

    @Test
    void cockpitShowsTheDaqingFiguresWithYearOnYearAndTheStartedFigureLeadsToThe299ProjectsBehindIt() throws Exception {
        imports.load(2025, "2025-04", lines("去年", 380, 200, 14_282_000, 5_000_000, 120, 177, 800_000, 2025, 3));
        List<Line> thisYear = lines("今年", 387, 210, 15_282_000, 5_775_000, 126, 173, 945_000, 2026, 3);
        imports.load(2026, "2026-04", thisYear);

        String html = page("/cockpit?regionId=%d&year=2026&period=2026-04".formatted(county.region().id()), 200);

        assertThat(text(html, "cockpit-heading")).contains(county.region().name());
        assertThat(text(html, "cockpit-source")).contains("实时填报");
        assertThat(text(html, "figure-startRate")).isEqualTo("77.3%");
        assertThat(text(html, "figure-started")).isEqualTo("已开复工 299 个");
        assertThat(text(html, "figure-newStartRate")).isEqualTo("新开工率 60.0%（126/210）");
        assertThat(text(html, "figure-resumeRate")).isEqualTo("复工率 97.7%（173/177）");
        assertThat(text(html, "figure-completionRate")).isEqualTo("16.4%");
        // 16.36… − 33.33… = −16.97 points, from the unrounded rates
        assertThat(text(html, "figure-points")).isEqualTo("较序时进度 -17.0 个百分点");
        assertThat(text(html, "figure-completed")).isEqualTo("94.5 亿元");
        assertThat(text(html, "figure-completed-wan")).isEqualTo("945,000 万元");
        assertThat(text(html, "figure-listed")).isEqualTo("387");
        assertThat(html).contains("同比 -0.9 个百分点", "同比增长 +18.1%", "同比：项目 +7 个");

        String started = href(html, "figure-started");
        assertThat(started).startsWith("/indicators/projects?").contains("figure=started", "period=2026-04");
        String list = page(started, 200);
        assertThat(text(list, "figure-value")).isEqualTo("299");
        assertThat(text(list, "result-total")).isEqualTo("共 299 项");
        assertThat(list).contains(imports.projectName(thisYear.get(0))).doesNotContain(imports.projectName(thisYear.get(200)));
    }

    @Test
    void everyExportedCellEqualsTheFigureOfTheApi() throws Exception {
        List<Line> list = lines("导出", 12, 7, 240_000, 60_000, 4, 3, 21_000, 2026, 5);
        imports.load(2026, "2026-06", list, line -> list.indexOf(line) % 2 == 0 ? county.town() : county.region());
        String query = "regionId=%d&year=2026&period=2026-06".formatted(county.region().id());
        JsonNode api = api("/api/v1/indicators?" + query);

        JsonNode regions = api.get("breakdowns").get("region");
        Sheet byRegion = sheet("/cockpit/export?" + query + "&table=region");
        assertThat(byRegion.getLastRowNum()).isEqualTo(1 + regions.size());
        assertThat(regions.size()).isEqualTo(2); // the county itself (本级) and its town
        for (int i = 0; i < regions.size(); i++) {
            JsonNode r = regions.get(i);
            JsonNode f = r.get("figures");
            Row row = byRegion.getRow(2 + i);
            assertThat(row.getCell(0).getStringCellValue()).isEqualTo(r.get("label").asText());
            assertThat(number(row.getCell(1))).isEqualByComparingTo(f.get("listed").decimalValue());
            assertThat(number(row.getCell(2))).isEqualByComparingTo(f.get("started").decimalValue());
            assertRate(row.getCell(3), f.get("startRate"));
            assertThat(number(row.getCell(4))).isEqualByComparingTo(f.get("plannedInvestment").decimalValue());
            assertThat(number(row.getCell(5))).isEqualByComparingTo(f.get("completed").decimalValue());
            assertRate(row.getCell(6), f.get("completionRate"));
            assertRate(row.getCell(7), f.get("pointsAgainstTimeProgress"));
            assertRate(row.getCell(8), r.get("shareOfCompleted"));
        }

        Sheet trend = sheet("/cockpit/export?" + query + "&table=trend");
        Row june = trend.getRow(2 + 5);
        JsonNode whole = api.get("figures");
        assertThat(june.getCell(0).getStringCellValue()).isEqualTo("2026-06");
        assertThat(number(june.getCell(1))).isEqualByComparingTo(whole.get("listed").decimalValue());
        assertThat(number(june.getCell(5))).isEqualByComparingTo(whole.get("completed").decimalValue());
        assertRate(june.getCell(6), whole.get("completionRate"));
        assertRate(june.getCell(7), whole.get("timeProgress"));

        JsonNode started = api("/api/v1/indicators/projects?" + query + "&figure=started");
        Sheet projects = sheet("/indicators/projects/export?" + query + "&figure=started");
        assertThat(projects.getLastRowNum()).isEqualTo(1 + started.get("total").asInt());
        for (int i = 0; i < started.get("items").size(); i++) {
            JsonNode item = started.get("items").get(i);
            Row row = projects.getRow(2 + i);
            assertThat(row.getCell(1).getStringCellValue()).isEqualTo(item.get("name").asText());
            assertThat(number(row.getCell(9))).isEqualByComparingTo(item.get("completed").decimalValue());
        }

        String english = page("/cockpit?" + query + "&lang=en", 200);
        assertThat(english).contains("Start/resumption rate", "By region");
    }

    @Test
    void theRankingAndTheForecastOnThePageAreTheApisAndTheMapHoldsOnlyProjectsInScopeWithCoordinates() throws Exception {
        List<Line> list = lines("赛马", 6, 3, 120_000, 30_000, 2, 2, 9_000, 2026, 3);
        Function<Line, Region> half = line -> list.indexOf(line) % 2 == 0 ? county.town() : county.region();
        imports.load(2025, "2025-06", list, half);
        imports.load(2025, "2025-12", lines("赛马", 6, 3, 120_000, 30_000, 2, 2, 20_000, 2025, 3), half);
        imports.load(2026, "2026-05", list, half);
        imports.load(2026, "2026-06", list, half);
        TestFixtures.County other = fixtures.county("别县图");
        UserAccount otherCoordinator = fixtures.user(Role.COORDINATOR, other.region(), null);
        List<Line> elsewhere = lines("别处", 1, 0, 10_000, 5_000, 0, 1, 1_000, 2026, 3);
        new ImportedLists(mvc, other.region(), otherCoordinator.username(), fixtures.unique()).load(2026, "2026-06", elsewhere);
        // coordinates for every project but the last of the list, and for the other county's project
        jdbc.sql("UPDATE project SET longitude = 121.5, latitude = 41.1 WHERE name LIKE '赛马%' AND name <> :last OR name LIKE '别处%'")
                .param("last", imports.projectName(list.get(5))).update();
        String query = "regionId=%d&year=2026&period=2026-06".formatted(county.region().id());

        String html = page("/cockpit?" + query, 200);

        JsonNode ranking = api("/api/v1/rankings?" + query + "&figure=completionRate");
        assertThat(ranking.get("items").size()).isEqualTo(1); // the town: the county's own level is no child region
        for (JsonNode item : ranking.get("items")) {
            Matcher row = Pattern.compile("data-region=\"" + item.get("regionId").asText()
                    + "\">\\s*<td[^>]*>([^<]*)</td>\\s*<td><a href=\"([^\"]*)\">([^<]*)</a></td>\\s*<td[^>]*>([^<]*)</td>\\s*<td[^>]*>([^<]*)</td>")
                    .matcher(html);
            assertThat(row.find()).as("ranking row of " + item.get("regionName").asText()).isTrue();
            assertThat(row.group(1).trim()).isEqualTo(item.get("rank").asText());
            assertThat(row.group(2)).contains("/cockpit?", "regionId=" + item.get("regionId").asText());
            assertThat(row.group(3)).isEqualTo(item.get("regionName").asText());
            assertThat(row.group(4).trim()).isEqualTo(item.get("value").decimalValue().toPlainString() + "%");
            assertThat(row.group(5).trim()).isEqualTo("–"); // first in May and in June
        }

        JsonNode forecast = api("/api/v1/forecast?" + query).get("region");
        assertThat(forecast.get("forecastRate").isNull()).isFalse();
        assertThat(text(html, "forecast-rate")).isEqualTo(forecast.get("forecastRate").decimalValue().toPlainString() + "%");
        assertThat(text(html, "forecast-range")).isEqualTo("区间 %s%% ～ %s%%".formatted(
                forecast.get("lowRate").decimalValue().toPlainString(), forecast.get("highRate").decimalValue().toPlainString()));
        assertThat(text(html, "forecast-short")).isEqualTo(forecast.get("shortOfPlan").asBoolean() ? "预计完不成年度计划" : "预计可完成年度计划");
        JsonNode chart = json.readTree(attribute(html, "data-chart"));
        assertThat(chart.get("months").size()).isEqualTo(12);
        assertThat(chart.get("forecast").get("rate").decimalValue()).isEqualByComparingTo(forecast.get("forecastRate").decimalValue());

        JsonNode map = json.readTree(attribute(html, "data-map"));
        List<String> onMap = new ArrayList<>();
        map.get("points").forEach(p -> onMap.add(p.get("name").asText()));
        assertThat(onMap).containsExactlyInAnyOrderElementsOf(
                list.subList(0, 5).stream().map(imports::projectName).toList());
        assertThat(map.get("points").get(0).get("value").get(0).decimalValue()).isEqualByComparingTo("121.5");
        assertThat(map.get("geo").get("type").asText()).isEqualTo("FeatureCollection");
    }

    @Test
    void theMapHoldsTheLargestProjectsUpToItsLimitAndSaysItLeftSomeOut() throws Exception {
        List<Line> list = lines("图上", 4, 2, 40_000, 8_000, 1, 1, 1_000, 2026, 3);
        imports.load(2026, "2026-06", list);
        for (int i = 0; i < list.size(); i++) {
            jdbc.sql("UPDATE project SET longitude = 121.5, latitude = 41.1, total_investment = ? WHERE name = ?")
                    .params(BigDecimal.valueOf(1_000L * (i + 1)), imports.projectName(list.get(i))).update();
        }
        IndicatorQuery q = new IndicatorQuery(county.region().id(), 2026, 6, org.keyproject.project.ListLevel.COUNTY, null, false);

        Indicators.MapPoints found = indicators.mapPoints(q, fixtures.admin().scope(), 2);

        assertThat(found.capped()).isTrue();
        assertThat(found.points()).extracting(Indicators.MapPoint::name)
                .containsExactly(imports.projectName(list.get(3)), imports.projectName(list.get(2)));
    }

    @Test
    void theProjectsFurthestBehindTimeProgressComeFirstWithTheirPoints() throws Exception {
        List<Line> list = new ArrayList<>(lines("滞后", 4, 0, 40_000, 12_000, 0, 4, 0, 2026, 1));
        // planned 3,000 each; by June (50.0%) completed 300, 900, 1,500 and 2,400: 10%, 30%, 50%, 80%
        long[] ytd = {900, 300, 2_400, 1_500};
        for (int i = 0; i < list.size(); i++) {
            Line l = list.get(i);
            list.set(i, new Line(l.name(), l.isNew(), l.total(), l.planned(), l.plannedMonth(), l.startState(), l.startedOn(), ytd[i]));
        }
        imports.load(2026, "2026-06", list);

        String html = page("/cockpit?regionId=%d&year=2026&period=2026-06".formatted(county.region().id()), 200);

        String behind = html.substring(html.indexOf("id=\"table-behind\""), html.indexOf("id=\"table-category\""));
        assertThat(behind.indexOf(imports.projectName(list.get(1)))).isPositive()
                .isLessThan(behind.indexOf(imports.projectName(list.get(0))));
        assertThat(behind).contains("-40.0", "-20.0").doesNotContain(imports.projectName(list.get(2)))
                .doesNotContain(imports.projectName(list.get(3)));
        assertThat(text(html, "figure-behindTimeProgress")).isEqualTo("滞后于序时进度的项目 2 个");
    }

    @Test
    void aCountyUserGetsNotFoundForAnotherCountysCockpitItsExportsAndItsProjects() throws Exception {
        TestFixtures.County other = fixtures.county("别县舱");
        String query = "regionId=%d&year=2026&period=2026-06".formatted(other.region().id());

        page("/cockpit?" + query, 404);
        page("/cockpit/export?" + query + "&table=region", 404);
        page("/indicators/projects?" + query + "&figure=started", 404);
        page("/indicators/projects/export?" + query + "&figure=started", 404);

        String own = page("/cockpit", 200);
        assertThat(text(own, "cockpit-heading")).contains(county.region().name());
        assertThat(own).doesNotContain(other.region().name());
    }

    @Test
    void aQueryThePagesCannotAnswerSaysWhatIsWrongWith400() throws Exception {
        String region = "regionId=" + county.region().id();
        assertThat(page("/cockpit?" + region + "&year=2026&period=2026-13", 400)).contains("期间应写作“年-月”");
        assertThat(page("/cockpit/export?" + region + "&table=leaders", 400)).contains("没有这张表");
        assertThat(page("/indicators/projects?" + region + "&figure=nothing", 400)).contains("没有这个指标");
    }

    // ---- reading pages, the API and workbooks ----

    private String page(String url, int status) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(url).with(user(fixtures.login(coordinator.username()))))
                .andReturn().getResponse();
        String body = response.getContentType() != null && response.getContentType().startsWith(CockpitExport.XLSX)
                ? "" : response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(response.getStatus()).as(body).isEqualTo(status);
        return body;
    }

    private JsonNode api(String url) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(url).with(httpBasic(coordinator.username(), TestFixtures.PASSWORD)))
                .andReturn().getResponse();
        String body = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(response.getStatus()).as(body).isEqualTo(200);
        return json.readTree(body);
    }

    private Sheet sheet(String url) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(url).with(user(fixtures.login(coordinator.username()))))
                .andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith(CockpitExport.XLSX);
        return new XSSFWorkbook(new ByteArrayInputStream(response.getContentAsByteArray())).getSheetAt(0);
    }

    private static BigDecimal number(Cell cell) {
        return cell.getCellType() == CellType.STRING ? new BigDecimal(cell.getStringCellValue())
                : BigDecimal.valueOf(cell.getNumericCellValue());
    }

    /** A rate or points as published: the same value, shown with the same decimals. */
    private static void assertRate(Cell cell, JsonNode published) {
        if (published.isNull()) {
            assertThat(cell).isNull();
            return;
        }
        assertThat(number(cell)).isEqualByComparingTo(published.decimalValue());
        assertThat(cell.getCellStyle().getDataFormatString()).isEqualTo("0." + "0".repeat(published.decimalValue().scale()));
    }

    /** The text of the element with this id (no markup inside it). */
    private static String text(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(html);
        assertThat(m.find()).as("element #" + id).isTrue();
        return m.group(1).trim().replace("&amp;", "&");
    }

    /** The unescaped value of the first attribute of this name. */
    private static String attribute(String html, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as(name).isTrue();
        return HtmlUtils.htmlUnescape(m.group(1));
    }

    private static String href(String html, String id) {
        Matcher m = Pattern.compile("<a[^>]*id=\"" + id + "\"[^>]*>").matcher(html);
        assertThat(m.find()).as("link #" + id).isTrue();
        Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(m.group());
        assertThat(href.find()).isTrue();
        return href.group(1).replace("&amp;", "&");
    }
}
