package io.gfsbackup.worker.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.gfsbackup.contracts.messages.BackupStarted;
import io.gfsbackup.contracts.messages.Messages;

/** Sends to and reads from the real broker as the other services would. */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    public static void send(String bootstrap, String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /** Every record of {@code topic} matching {@code filter}, waiting until {@code expected} arrived, then a little more. */
    /**
     * Whether a {@code backup-events} record is an outcome or a deletion, not a {@code BackupStarted} (a job that
     * runs; most tests count outcomes).
     */
    public static boolean isOutcome(ConsumerRecord<String, String> record) {
        return !(Messages.parse(record.value()) instanceof BackupStarted);
    }

    public static List<ConsumerRecord<String, String>> read(String bootstrap, String topic,
                                                           Predicate<ConsumerRecord<String, String>> filter,
                                                           int expected, Duration timeout) {
        return read(bootstrap, topic, filter, expected, timeout, Duration.ofSeconds(2));
    }

    /** Like {@link #read}, but returns as soon as {@code expected} records arrived: for tests that count nothing more. */
    public static List<ConsumerRecord<String, String>> await(String bootstrap, String topic,
                                                            Predicate<ConsumerRecord<String, String>> filter,
                                                            int expected, Duration timeout) {
        return read(bootstrap, topic, filter, expected, timeout, Duration.ZERO);
    }

    private static List<ConsumerRecord<String, String>> read(String bootstrap, String topic,
                                                            Predicate<ConsumerRecord<String, String>> filter,
                                                            int expected, Duration timeout, Duration settle) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(record)) {
                        found.add(record);
                    }
                }
                if (found.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return found;
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
