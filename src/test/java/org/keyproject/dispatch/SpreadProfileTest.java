package org.keyproject.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SpreadProfileTest {

    @ParameterizedTest
    @ValueSource(strings = {"1000.0001", "0.0011", "12", "0", "577500.9999", "99999999999999.9999"})
    void everySpreadAddsUpToTheAnnualFigureExactly(String annual) {
        for (SpreadProfile profile : List.of(SpreadProfile.EVEN, SpreadProfile.SEASONAL)) {
            List<BigDecimal> months = profile.spread(new BigDecimal(annual));
            assertThat(months).hasSize(12).allSatisfy(m -> {
                assertThat(m.scale()).isEqualTo(4);
                assertThat(m.signum()).isNotNegative();
            });
            assertThat(months.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(annual);
        }
    }

    @Test
    void evenSpreadFloorsEachMonthToOneYuanAndPutsTheRemainderOnDecember() {
        List<BigDecimal> months = SpreadProfile.EVEN.spread(new BigDecimal("1000.0001"));

        assertThat(months.subList(0, 11)).allSatisfy(m -> assertThat(m).isEqualByComparingTo("83.3333"));
        assertThat(months.get(11)).isEqualByComparingTo("83.3338");
    }

    @Test
    void seasonalSpreadPutsLittleInWinterAndMostInTheConstructionSeason() {
        List<BigDecimal> months = SpreadProfile.SEASONAL.spread(new BigDecimal("10000"));

        assertThat(months.get(0)).isEqualByComparingTo("200");
        assertThat(months.get(1)).isEqualByComparingTo("200");
        assertThat(months.get(6)).isEqualByComparingTo("1200");
        assertThat(months.get(11)).isEqualByComparingTo("500");
    }

    @Test
    void customMonthsAreTypedNotSpread() {
        assertThatThrownBy(() -> SpreadProfile.CUSTOM.spread(BigDecimal.TEN)).isInstanceOf(IllegalStateException.class);
    }
}
