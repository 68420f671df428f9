package io.gfsbackup.scheduler;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.gfsbackup.clock.ClockDriver;
import io.gfsbackup.clock.TopicClock;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.messaging.KafkaClientSettings;

/**
 * Moves the shared clock topic that the application (and every instance a test starts) reads. Time never goes
 * back and the servers live for the whole test JVM, so a test starts from whatever instant earlier tests left, on
 * a later whole day.
 */
final class TestTime implements AutoCloseable {

    /** Where the first test of a JVM starts the clock. */
    static final Instant FIRST = Instant.parse("2026-01-05T00:00:00Z");

    private final ClockDriver driver;
    private final Clock appClock;

    TestTime(String bootstrapServers, Clock appClock) {
        this(KafkaClientSettings.bootstrap(bootstrapServers), appClock);
    }

    TestTime(KafkaClientSettings kafka, Clock appClock) {
        this.driver = new ClockDriver(kafka, Topics.CLOCK);
        this.appClock = appClock;
    }

    /** A new starting instant, midnight UTC, not before {@code notBefore}, after every instant used so far. */
    Instant begin(Instant notBefore) {
        Instant now = current();
        Instant start = now == null ? FIRST : now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        if (start.isBefore(notBefore)) {
            start = notBefore;
        }
        set(start);
        return start;
    }

    /** The instant the application's clock shows; null if nothing was ever published. */
    Instant current() {
        if (appClock instanceof TopicClock topic && !topic.isSet()) {
            return null;
        }
        return appClock.instant();
    }

    /** Publishes the instant; returns once the broker has it. */
    void publish(Instant instant) {
        driver.set(instant);
    }

    /** Publishes the instant and waits until the application's clock shows it. */
    void set(Instant instant) {
        driver.set(instant);
        await().atMost(Duration.ofSeconds(30)).until(() -> !appClock.instant().isBefore(instant));
    }

    @Override
    public void close() {
        driver.close();
    }
}
