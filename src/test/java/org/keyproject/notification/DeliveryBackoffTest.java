package org.keyproject.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryBackoffTest {

    private final DeliveryProperties properties = new DeliveryProperties(Duration.ofSeconds(30), 200, 8,
            Duration.ofMinutes(1), Duration.ofHours(6), Duration.ofSeconds(10), "keyproject@localhost",
            "https://xm.example.gov.cn/");

    @Test
    void waitDoublesAfterEachFailureUpToTheLongestWait() {
        assertThat(properties.delayAfter(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.delayAfter(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(properties.delayAfter(7)).isEqualTo(Duration.ofMinutes(64));
        assertThat(properties.delayAfter(9)).isEqualTo(Duration.ofHours(4).plusMinutes(16));
        assertThat(properties.delayAfter(10)).isEqualTo(Duration.ofHours(6));
        assertThat(properties.delayAfter(500)).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void linkBecomesAnAddressOnlyWithABaseUrl() {
        assertThat(properties.absolute("/periods/1/reports/7")).isEqualTo("https://xm.example.gov.cn/periods/1/reports/7");
        assertThat(properties.absolute(null)).isNull();
        DeliveryProperties noBase = new DeliveryProperties(Duration.ofSeconds(30), 200, 8, Duration.ofMinutes(1),
                Duration.ofHours(6), Duration.ofSeconds(10), "keyproject@localhost", "");
        assertThat(noBase.absolute("/periods/1/reports/7")).isNull();
    }
}
