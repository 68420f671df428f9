package io.gfsbackup.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import io.gfsbackup.messaging.ConsumerLoop;
import io.gfsbackup.messaging.KafkaClientSettings;
import io.gfsbackup.messaging.PollWatch;

/**
 * A clock that shows the instant a driver last published on the compacted {@code clock} topic (key
 * {@value ClockDriver#KEY}, value an ISO-8601 instant). Between two publications time stands still. Every service of
 * a test or demo run reads such a clock, so all of them follow one time that the driver moves forward step by
 * step, and months of retention pass in seconds.
 *
 * <p>Time never goes backwards: an instant earlier than the current one is ignored. On start the clock reads the
 * topic up to the end it had then before it shows any time: the older instants still in the log are history, not
 * the present, so a restarted service neither sees a past time nor tells its listeners about each old instant;
 * it starts at the latest one. Until that instant is known, {@link #instant()} waits for it (up to
 * {@link #FIRST_TICK_TIMEOUT}): a service must not decide anything before it knows what time it is.
 *
 * <p>It reads the topic on the shared {@link ConsumerLoop}, without a consumer group (every clock reads the whole
 * partition); a record that holds no instant is ignored.
 */
public final class TopicClock extends Clock implements AutoCloseable {

    public static final Duration FIRST_TICK_TIMEOUT = Duration.ofMinutes(2);

    private final TopicPartition partition;
    private final ConsumerLoop reader;
    private final List<Consumer<Instant>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile Instant now;
    /** The end offset the partition had at start; -1 until known. Reader thread only, like the two below. */
    private long catchUpEnd = -1;
    private boolean caughtUp;
    private Instant latestOfThePast;

    private TopicClock(KafkaClientSettings settings, String topic) {
        this.partition = new TopicPartition(topic, 0);
        this.reader = ConsumerLoop.builder("topic-clock-" + topic, settings.properties())
                .assign(partition)
                .pollTimeout(Duration.ofMillis(200))
                .handler(this::read)
                .listener(new CatchUp())
                .build();
    }

    /** Starts following {@code topic} on a plaintext broker without authentication (tests, the local run). */
    public static TopicClock start(String bootstrapServers, String topic) {
        return start(KafkaClientSettings.bootstrap(bootstrapServers), topic);
    }

    /** Starts following {@code topic} with the service's Kafka settings; it reads the whole (compacted) topic first. */
    public static TopicClock start(KafkaClientSettings settings, String topic) {
        TopicClock clock = new TopicClock(settings, topic);
        clock.reader.start();
        return clock;
    }

    /** The clock's reader, as a service's readiness watches it. */
    public PollWatch pollWatch() {
        return reader;
    }

    /** Called with the new instant each time the clock moves forward, on the clock's reader thread. */
    public void onAdvance(Consumer<Instant> listener) {
        listeners.add(listener);
    }

    /** Whether an instant has arrived yet. */
    public boolean isSet() {
        return now != null;
    }

    @Override
    public Instant instant() {
        Instant current = now;
        if (current != null) {
            return current;
        }
        synchronized (lock) {
            long deadline = System.nanoTime() + FIRST_TICK_TIMEOUT.toNanos();
            while (now == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    // a timeout as its cause: consumers retry what they could not do without the time
                    throw new IllegalStateException("no time has been published on the clock topic within "
                            + FIRST_TICK_TIMEOUT, new java.util.concurrent.TimeoutException("no clock tick yet"));
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the first clock tick", e);
                }
            }
            return now;
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new ZonedView(this, zone);
    }

    private void read(ConsumerRecord<String, String> record) {
        Instant instant = parse(record.value());
        if (caughtUp) {
            advanceTo(instant);
        } else if (instant != null && (latestOfThePast == null || instant.isAfter(latestOfThePast))) {
            latestOfThePast = instant;
        }
    }

    /**
     * Reads the records that were in the topic when the clock started, keeping only the latest instant, then shows
     * that one instant: the listeners hear of the present once, not of every instant of the past.
     */
    private final class CatchUp implements ConsumerLoop.Listener {

        @Override
        public void assigned(org.apache.kafka.clients.consumer.Consumer<String, String> consumer,
                             java.util.Collection<TopicPartition> partitions) {
            catchUpEnd = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
        }

        @Override
        public void polled(org.apache.kafka.clients.consumer.Consumer<String, String> consumer) {
            if (!caughtUp && consumer.position(partition) >= catchUpEnd) {
                caughtUp = true;
                advanceTo(latestOfThePast);
            }
        }
    }

    /** The instant in a record, or null when the record holds no time (such a record is ignored). */
    private static Instant parse(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException malformed) {
            return null;
        }
    }

    private void advanceTo(Instant instant) {
        if (instant == null || (now != null && !instant.isAfter(now))) {
            return;
        }
        synchronized (lock) {
            now = instant;
            lock.notifyAll();
        }
        for (Consumer<Instant> listener : listeners) {
            listener.accept(instant);
        }
    }

    @Override
    public void close() {
        reader.close();
    }

    /** This clock seen in another zone (the instant is the same). */
    private static final class ZonedView extends Clock {
        private final TopicClock source;
        private final ZoneId zone;

        ZonedView(TopicClock source, ZoneId zone) {
            this.source = source;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new ZonedView(source, other);
        }

        @Override
        public Instant instant() {
            return source.instant();
        }
    }
}
