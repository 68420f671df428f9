package io.gfsbackup.scheduler.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.scheduler.service.SlotPublisher;

/**
 * Sends the scheduler's messages, keyed by table ARN, and waits until Kafka has acknowledged every one of a batch
 * ({@code acks=all}, idempotent producer): only then may a cursor move. Also writes dead letters.
 */
public class EventPublisher implements SlotPublisher, AutoCloseable {

    /** Header names of a dead letter, as SmallRye's dead-letter-queue strategy writes them. */
    public static final String DLQ_REASON = "dead-letter-reason";
    public static final String DLQ_CAUSE = "dead-letter-cause";
    public static final String DLQ_TOPIC = "dead-letter-topic";
    public static final String DLQ_PARTITION = "dead-letter-partition";
    public static final String DLQ_OFFSET = "dead-letter-offset";

    private static final int CHUNK = 500;

    private final KafkaProducer<String, String> producer;
    private final Duration ackTimeout;

    public EventPublisher(String bootstrapServers, String clientId, Duration ackTimeout) {
        this.ackTimeout = ackTimeout;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ackTimeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(ackTimeout.toMillis(), 1_000),
                // Kafka wants at least linger + request timeout
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(ackTimeout.toMillis(), 1_000) + 1_000),
                new StringSerializer(), new StringSerializer());
    }

    @Override
    public void sendAll(String topic, List<Keyed> messages) throws SendFailedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(messages.size());
        try {
            // written and sent in chunks, so that the producer's network thread sends while the next chunk is written
            for (int from = 0; from < messages.size(); from += CHUNK) {
                List<Keyed> chunk = messages.subList(from, Math.min(messages.size(), from + CHUNK));
                List<String> payloads = DueRenderer.render(chunk.stream().map(Keyed::message).toList());
                for (int i = 0; i < chunk.size(); i++) {
                    acks.add(producer.send(new ProducerRecord<>(topic, chunk.get(i).key(), payloads.get(i))));
                }
            }
        } catch (RuntimeException e) {
            throw new SendFailedException("could not send to " + topic + ": " + e.getMessage(), e);
        }
        producer.flush();
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new SendFailedException("Kafka refused a message on " + topic + ": " + e.getCause(), e);
            } catch (TimeoutException e) {
                throw new SendFailedException("Kafka did not acknowledge " + topic + " within " + ackTimeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SendFailedException("interrupted while waiting for Kafka", e);
            }
        }
    }

    /**
     * Puts a record that could not be handled on {@code <topic>.dlq}, same key and value, the error in headers.
     * Best effort: a failure is returned, not thrown, since the consumer goes on either way.
     */
    public Future<RecordMetadata> deadLetter(ConsumerRecord<String, String> record, Exception error) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DLQ_REASON, utf8(String.valueOf(error.getMessage())));
        headers.add(DLQ_CAUSE, utf8(error.getClass().getName()));
        headers.add(DLQ_TOPIC, utf8(record.topic()));
        headers.add(DLQ_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(DLQ_OFFSET, utf8(Long.toString(record.offset())));
        return producer.send(new ProducerRecord<>(Topics.dlq(record.topic()), null, record.key(), record.value(),
                headers));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
