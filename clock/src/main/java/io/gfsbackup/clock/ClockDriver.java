package io.gfsbackup.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Moves the time of every {@link TopicClock} on a topic: what a test driver or the demo uses. */
public final class ClockDriver implements AutoCloseable {

    /** The one key of the clock topic; compaction keeps only the latest instant. */
    public static final String KEY = "now";

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private Instant now;

    public ClockDriver(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
    }

    /** Publishes {@code instant} as the time; returns once the broker has it. */
    public void set(Instant instant) {
        try {
            producer.send(new ProducerRecord<>(topic, KEY, instant.toString())).get();
            now = instant;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the clock", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish the time " + instant, e.getCause());
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
        producer.close(Duration.ofSeconds(5));
    }
}
