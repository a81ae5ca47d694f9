package org.keyproject.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyproject.IntegrationTest;
import org.keyproject.TestFixtures;
import org.keyproject.indicator.ImportedLists.Line;
import org.keyproject.people.Role;
import org.keyproject.people.UserAccount;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The year-end forecast from the year so far and the seasonality of earlier years, through GET /api/v1/forecast. */
@IntegrationTest
class ForecastTest {

    @Autowired MockMvc mvc;
    @Autowired ObjectMapper json;
    @Autowired TestFixtures fixtures;

    @Test
    void forecastAddsThePlanNotYetDueByTheMeanShareOfEarlierYearsToTheYearSoFarWithItsRangeAndFlagsTheShortfallOnlyForThoseInScope() throws Exception {
        TestFixtures.County county = fixtures.county("预测");
        UserAccount coordinator = fixtures.user(Role.COORDINATOR, county.region(), null);
        String u = fixtures.unique();
        ImportedLists data = new ImportedLists(mvc, county.region(), coordinator.username(), u);
        // 2024: 400 of 1000 by June; 2025: 500 of 1000 by June; shares 0.4 and 0.5
        data.load(2024, "2024-06", List.of(line(1_000, 400)));
        data.load(2024, "2024-12", List.of(line(1_000, 1_000)));
        data.load(2025, "2025-06", List.of(line(1_000, 500)));
        data.load(2025, "2025-12", List.of(line(1_000, 1_000)));
        // 2026: plan 2500, 900 by June, mean share 0.45: forecast 900 + 0.55 × 2500 = 2275 (range with the shares
        // 0.5 … 0.4: 2150 … 2400); short of plan, as 900 ÷ 0.45 = 2000 is
        data.load(2026, "2026-06", List.of(line(2_500, 900)));

        JsonNode forecast = get("/api/v1/forecast?regionId=%d&year=2026&period=2026-06".formatted(county.region().id()),
                coordinator);

        JsonNode region = forecast.get("region");
        assertThat(region.get("completed").decimalValue()).isEqualByComparingTo("900");
        assertThat(region.get("forecast").decimalValue()).isEqualByComparingTo("2275");
        assertThat(region.get("low").decimalValue()).isEqualByComparingTo("2150");
        assertThat(region.get("high").decimalValue()).isEqualByComparingTo("2400");
        assertThat(region.get("forecastRate").decimalValue()).isEqualByComparingTo("91.0");
        assertThat(region.get("seasonality").get("years").asInt()).isEqualTo(2);
        assertThat(region.get("shortOfPlan").asBoolean()).isTrue();
        assertThat(forecast.get("shortProjects").get("total").asLong()).isEqualTo(1);
        assertThat(forecast.get("shortProjects").get("items").get(0).get("forecast").decimalValue()).isEqualByComparingTo("2275");

        // 2025 as forecast in June from 2024 alone: 500 + 0.6 × 1000 = 1100 against the 1000 reported, 10% off
        JsonNode backtest = get("/api/v1/forecast/backtest?regionId=%d&year=2025&years=1".formatted(county.region().id()),
                coordinator);
        JsonNode june = backtest.get("months").get(5);
        assertThat(june.get("month").asInt()).isEqualTo(6);
        assertThat(june.get("cases").asInt()).isPositive();
        assertThat(june.get("meanAbsoluteErrorPercent").decimalValue()).isEqualByComparingTo("10.0");
        assertThat(backtest.get("months").get(0).get("cases").asInt()).isZero();

        UserAccount stranger = fixtures.user(Role.COORDINATOR, fixtures.county("别县预测").region(), null);
        get("/api/v1/forecast?regionId=%d&year=2026&period=2026-06".formatted(county.region().id()), stranger, 404);
        get("/api/v1/forecast/backtest?regionId=%d&year=2025".formatted(county.region().id()), stranger, 404);
    }

    /** The one continuing project of the test, resumed, with its year's plan and year-to-date amount. */
    private static Line line(long planned, long ytd) {
        return new Line("预测项目", false, 100_000, planned, null, "已复工", null, ytd);
    }

    private JsonNode get(String url, UserAccount as) throws Exception {
        return get(url, as, 200);
    }

    private JsonNode get(String url, UserAccount as, int status) throws Exception {
        MvcResult result = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(url)
                .with(httpBasic(as.username(), TestFixtures.PASSWORD))).andReturn();
        String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(result.getResponse().getStatus()).as(body).isEqualTo(status);
        return json.readTree(body);
    }
}
