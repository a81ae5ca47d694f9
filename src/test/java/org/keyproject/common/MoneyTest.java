package org.keyproject.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void yiConvertsToWanExactly() {
        assertThat(Money.yi(new BigDecimal("2.3517")).wan()).isEqualByComparingTo("23517");
        assertThat(Money.wan("23517").yi()).isEqualByComparingTo("2.3517");
    }

    @Test
    void moreThanFourDecimalsOfWanIsRefusedRatherThanRounded() {
        assertThatThrownBy(() -> Money.wan("1.00001")).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void formatsWanWithGroupingAndYiWithTwoDecimalsHalfUp() {
        assertThat(Money.wan("1234567.5").formatWan()).isEqualTo("1,234,567.5");
        assertThat(Money.wan("125").formatYi()).isEqualTo("0.01");
        assertThat(Money.wan("124.9999").formatYi()).isEqualTo("0.01");
        assertThat(Money.wan("49.9999").formatYi()).isEqualTo("0");
    }
}
