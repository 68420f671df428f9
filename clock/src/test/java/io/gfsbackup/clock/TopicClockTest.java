package io.gfsbackup.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.gfsbackup.deploy.infra.KafkaBroker;

class TopicClockTest {

    static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void theClockShowsWhatTheDriverSetAndStandsStillBetweenSteps() throws Exception {
        String topic = newTopic();
        Instant start = Instant.parse("2026-01-05T06:00:00Z");
        try (ClockDriver driver = new ClockDriver(broker.bootstrapServers(), topic);
             TopicClock clock = TopicClock.start(broker.bootstrapServers(), topic)) {
            List<Instant> seen = new CopyOnWriteArrayList<>();
            clock.onAdvance(seen::add);
            driver.set(start);
            assertThat(clock.instant()).isEqualTo(start);
            Thread.sleep(300);
            assertThat(clock.instant()).isEqualTo(start);

            Instant later = driver.advance(Duration.ofDays(3));
            awaitInstant(clock, later);
            assertThat(seen).containsExactly(start, later);
        }
    }

    @Test
    void aClockStartedLaterReadsTheLatestPublishedTime() {
        String topic = newTopic();
        try (ClockDriver driver = new ClockDriver(broker.bootstrapServers(), topic)) {
            driver.set(Instant.parse("2026-01-05T06:00:00Z"));
            driver.set(Instant.parse("2026-03-01T00:00:00Z"));
            try (TopicClock clock = TopicClock.start(broker.bootstrapServers(), topic)) {
                awaitInstant(clock, Instant.parse("2026-03-01T00:00:00Z"));
            }
        }
    }

    @Test
    void aRestartedClockNeverShowsAnInstantOlderThanTheLatestOneBeforeItStarted() {
        String topic = newTopic();
        Instant first = Instant.parse("2026-01-05T06:00:00Z");
        Instant latest = first.plus(Duration.ofHours(299));
        try (ClockDriver driver = new ClockDriver(broker.bootstrapServers(), topic)) {
            for (int hour = 0; hour < 300; hour++) {
                driver.set(first.plus(Duration.ofHours(hour)));
            }
            try (TopicClock clock = TopicClock.start(broker.bootstrapServers(), topic)) {
                assertThat(clock.instant()).isEqualTo(latest);
            }
        }
    }

    @Test
    void timeNeverGoesBackwards() {
        String topic = newTopic();
        try (ClockDriver driver = new ClockDriver(broker.bootstrapServers(), topic);
             TopicClock clock = TopicClock.start(broker.bootstrapServers(), topic)) {
            driver.set(Instant.parse("2026-03-01T00:00:00Z"));
            awaitInstant(clock, Instant.parse("2026-03-01T00:00:00Z"));
            driver.set(Instant.parse("2026-02-01T00:00:00Z"));
            driver.set(Instant.parse("2026-03-02T00:00:00Z"));
            awaitInstant(clock, Instant.parse("2026-03-02T00:00:00Z"));
        }
    }

    @Test
    void theDriverRefusesToAdvanceBeforeItHasSetATime() {
        try (ClockDriver driver = new ClockDriver(broker.bootstrapServers(), newTopic())) {
            assertThatThrownBy(() -> driver.advance(Duration.ofHours(1))).isInstanceOf(IllegalStateException.class);
        }
    }

    private static String newTopic() {
        String topic = "clock-" + UUID.randomUUID();
        broker.createTopics(List.of(new KafkaBroker.TopicSpec(topic, 1, true)));
        return topic;
    }

    private static void awaitInstant(TopicClock clock, Instant expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!expected.equals(clock.instant()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(clock.instant()).isEqualTo(expected);
    }
}
