package io.gfsbackup.operations.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;

/**
 * Reads what the application publishes to a topic from the moment the tap is opened (no consumer group: it assigns
 * itself every partition at their ends), and keeps every record seen.
 */
public final class TopicTap implements AutoCloseable {

    /** A record read: its key and its message. */
    public record Record(String key, Message message) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Record> seen = new ArrayList<>();

    public TopicTap(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "test-tap-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Waits until a message matching {@code wanted} was read; returns the first. */
    public Record await(Predicate<Message> wanted) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll();
            return seen.stream().anyMatch(record -> wanted.test(record.message()));
        });
        return seen.stream().filter(record -> wanted.test(record.message())).findFirst().orElseThrow();
    }

    /** Every message matching {@code wanted} read until now (after a short poll). */
    public List<Record> all(Predicate<Message> wanted) {
        poll();
        return seen.stream().filter(record -> wanted.test(record.message())).toList();
    }

    private void poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
            seen.add(new Record(record.key(), Messages.parse(record.value())));
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
