package io.gfsbackup.operations.support;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.gfsbackup.clock.ClockDriver;
import io.gfsbackup.clock.TopicClock;
import io.gfsbackup.contracts.messages.Topics;

/**
 * Moves the controllable clock of the application under test. The clock topic is shared by every test of the JVM and
 * time never goes back, so each test starts on a fresh day after whatever time the clock shows.
 */
public final class TestTime implements AutoCloseable {

    private static final Instant FIRST_DAY = Instant.parse("2026-01-05T00:00:00Z");

    private final ClockDriver driver;
    private final Clock applicationClock;

    public TestTime(String bootstrapServers, Clock applicationClock) {
        this.driver = new ClockDriver(bootstrapServers, Topics.CLOCK);
        this.applicationClock = applicationClock;
    }

    /** Sets the clock to the midnight at least a day after the current time, and returns that instant. */
    public Instant freshDay() {
        Instant now = applicationClock instanceof TopicClock topic && topic.isSet() ? applicationClock.instant()
                : FIRST_DAY.minus(1, ChronoUnit.DAYS);
        Instant day = now.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
        set(day);
        return day;
    }

    /** Sets the clock and waits until the application sees it. */
    public void set(Instant instant) {
        driver.set(instant);
        await().atMost(Duration.ofSeconds(20)).until(() -> !applicationClock.instant().isBefore(instant));
    }

    @Override
    public void close() {
        driver.close();
    }
}
