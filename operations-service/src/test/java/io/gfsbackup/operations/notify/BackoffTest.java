package io.gfsbackup.operations.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theWaitDoublesUpToTheCapAndJitterTakesAtMostHalf() {
        Backoff none = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1), () -> 1.0);
        assertThat(none.after(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(none.after(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(none.after(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(none.after(5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(none.after(60)).isEqualTo(Duration.ofMinutes(1));

        Backoff most = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1), () -> 0.0);
        assertThat(most.after(1)).isEqualTo(Duration.ofMillis(2500));
        assertThat(most.after(60)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anInitialWaitAboveTheCapIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1), () -> 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
