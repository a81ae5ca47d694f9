package org.keyproject.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forecast's arithmetic: the pace, the plan not yet due and how much of a plan earlier years did. */
class ForecastEstimateTest {

    private final Forecasts.Seasonality pattern = Forecasts.Seasonality.of(List.of(new BigDecimal("0.4"), new BigDecimal("0.5")),
            List.of(new BigDecimal("0.8"), new BigDecimal("1.0")), "OWN");

    @Test
    void theRestOfThePlanCountsAsMuchAsEarlierYearsDidOfTheirPlans() {
        // 900 + (1 − 0.45) × 2500 × 0.9
        assertThat(pattern.forecast(new BigDecimal("900"), new BigDecimal("2500"))).isEqualByComparingTo("2137.5");
    }

    @Test
    void theRangeTakesTheLargestShareWithTheSmallestAttainmentAndTheOtherWayRound() {
        assertThat(pattern.low(new BigDecimal("900"), new BigDecimal("2500"))).isEqualByComparingTo("1900"); // 900 + 0.5 × 2500 × 0.8
        assertThat(pattern.high(new BigDecimal("900"), new BigDecimal("2500"))).isEqualByComparingTo("2400"); // 900 + 0.6 × 2500 × 1.0
    }

    @Test
    void withoutAPlanTheForecastIsThePaceAlone() {
        assertThat(pattern.forecast(new BigDecimal("900"), BigDecimal.ZERO)).isEqualByComparingTo("2000"); // 900 ÷ 0.45
        Forecasts.Seasonality unplanned = Forecasts.Seasonality.of(List.of(new BigDecimal("0.45")), List.of(), "OWN");
        assertThat(unplanned.attainment()).isNull();
        assertThat(unplanned.forecast(new BigDecimal("900"), new BigDecimal("2500"))).isEqualByComparingTo("2000");
    }
}
