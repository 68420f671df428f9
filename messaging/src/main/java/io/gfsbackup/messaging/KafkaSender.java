package io.gfsbackup.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one producer helper of the services that use the Kafka client itself: string keys and values, every record
 * acknowledged by all in-sync replicas ({@code acks=all}) by an idempotent producer, and a send that returns only
 * once the broker has acknowledged, so that the caller may then move its own state (a cursor, an outbox row, a
 * consumer offset, an event processor's token). A send that is not acknowledged within the timeout throws
 * {@link SendFailedException}, whose cause tells {@link Failures} whether it passes by itself.
 */
public final class KafkaSender implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final Duration ackTimeout;

    /** A producer on a plaintext broker without authentication (tests, tools). */
    public KafkaSender(String bootstrapServers, String clientId, Duration ackTimeout) {
        this(KafkaClientSettings.bootstrap(bootstrapServers), clientId, ackTimeout, Map.of());
    }

    /** A producer with the service's shared settings (brokers, TLS, SASL). */
    public KafkaSender(KafkaClientSettings settings, String clientId, Duration ackTimeout) {
        this(settings, clientId, ackTimeout, Map.of());
    }

    /**
     * With more producer settings (for example {@code linger.ms} and {@code batch.size} for large batches). The
     * shared settings come first, then this sender's own, then {@code more}.
     */
    public KafkaSender(KafkaClientSettings settings, String clientId, Duration ackTimeout, Map<String, Object> more) {
        this.ackTimeout = ackTimeout;
        int timeout = (int) Math.max(ackTimeout.toMillis(), 1_000);
        Map<String, Object> config = settings.with(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout,
                // Kafka wants at least linger + request timeout
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout + 1_000));
        config.putAll(more);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Sends one record and returns once it is acknowledged. */
    public RecordMetadata send(ProducerRecord<String, String> record) throws SendFailedException {
        return sendAll(List.of(record)).get(0);
    }

    /**
     * Sends the records in order and returns once every one is acknowledged; throws if any is not. The records are
     * taken from {@code records} as they are sent, so a lazy iterable lets the producer's network thread send while
     * the next records are made.
     */
    public List<RecordMetadata> sendAll(Iterable<ProducerRecord<String, String>> records) throws SendFailedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try {
            for (ProducerRecord<String, String> record : records) {
                acks.add(producer.send(record));
            }
        } catch (RuntimeException e) {
            throw new SendFailedException("could not send to Kafka: " + e.getMessage(), e, 0);
        }
        producer.flush();
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        List<RecordMetadata> sent = new ArrayList<>(acks.size());
        for (Future<RecordMetadata> ack : acks) {
            try {
                sent.add(ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                throw new SendFailedException("Kafka refused a record: " + e.getCause(), e.getCause(), sent.size());
            } catch (TimeoutException e) {
                throw new SendFailedException("Kafka did not acknowledge within " + ackTimeout, e, sent.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SendFailedException("interrupted while waiting for Kafka", e, sent.size());
            }
        }
        return sent;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /**
     * Some record was not acknowledged: what was sent with it counts as not sent, except the records before it
     * that were acknowledged in order ({@link #acknowledged()}).
     */
    public static class SendFailedException extends Exception {
        private final int acknowledged;

        public SendFailedException(String message, Throwable cause, int acknowledged) {
            super(message, cause);
            this.acknowledged = acknowledged;
        }

        /** How many of the records, from the first one on, were acknowledged. */
        public int acknowledged() {
            return acknowledged;
        }
    }
}
