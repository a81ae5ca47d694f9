package org.keyproject.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class StageTest {

    @Test
    void completedIsFinalAndWithdrawnCanOnlyReturnToTheReserve() {
        assertThat(Stage.COMPLETED.next()).isEmpty();
        assertThat(Stage.WITHDRAWN.next()).containsExactly(Stage.RESERVE);
    }

    @Test
    void underConstructionCanBeSuspendedAndResumed() {
        assertThat(Stage.CONSTRUCTION.canMoveTo(Stage.SUSPENDED)).isTrue();
        assertThat(Stage.SUSPENDED.canMoveTo(Stage.CONSTRUCTION)).isTrue();
        assertThat(Stage.CONSTRUCTION.canMoveTo(Stage.RESERVE)).isFalse();
    }

    @Test
    void tierFollowsTheFiveAndOneYiThresholds() {
        assertThat(Tier.of(new BigDecimal("50000"))).isEqualTo(Tier.CITY);
        assertThat(Tier.of(new BigDecimal("49999.9999"))).isEqualTo(Tier.COUNTY);
        assertThat(Tier.of(new BigDecimal("10000"))).isEqualTo(Tier.COUNTY);
        assertThat(Tier.of(new BigDecimal("9999.9999"))).isEqualTo(Tier.DEPT);
    }
}
