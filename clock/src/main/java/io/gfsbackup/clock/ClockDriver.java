package io.gfsbackup.clock;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.gfsbackup.messaging.KafkaClientSettings;
import io.gfsbackup.messaging.KafkaSender;

/** Moves the time of every {@link TopicClock} on a topic: what a test driver or the demo uses. */
public final class ClockDriver implements AutoCloseable {

    /** The one key of the clock topic; compaction keeps only the latest instant. */
    public static final String KEY = "now";

    private final KafkaSender sender;
    private final String topic;
    private Instant now;

    /** A driver on a plaintext broker without authentication (tests, the local run). */
    public ClockDriver(String bootstrapServers, String topic) {
        this(KafkaClientSettings.bootstrap(bootstrapServers), topic);
    }

    public ClockDriver(KafkaClientSettings settings, String topic) {
        this.topic = topic;
        this.sender = new KafkaSender(settings, "clock-driver", Duration.ofSeconds(60));
    }

    /** Publishes {@code instant} as the time; returns once the broker has it. */
    public void set(Instant instant) {
        try {
            sender.send(new ProducerRecord<>(topic, KEY, instant.toString()));
            now = instant;
        } catch (KafkaSender.SendFailedException e) {
            throw new IllegalStateException("could not publish the time " + instant, e);
        }
    }

    /** Moves the time forward by {@code step} from the last instant this driver set. */
    public Instant advance(Duration step) {
        if (now == null) {
            throw new IllegalStateException("set the clock first");
        }
        Instant next = now.plus(step);
        set(next);
        return next;
    }

    public Instant now() {
        return now;
    }

    @Override
    public void close() {
        sender.close();
    }
}
