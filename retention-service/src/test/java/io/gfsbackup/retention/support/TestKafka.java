package io.gfsbackup.retention.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.BackupFailed;
import io.gfsbackup.contracts.messages.BackupMissed;
import io.gfsbackup.contracts.messages.BackupStarted;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.RestoreEnded;
import io.gfsbackup.contracts.messages.RestoreStarted;
import io.gfsbackup.contracts.messages.ScratchTableDropped;
import io.gfsbackup.contracts.messages.Topics;

/** Publishes to and reads from the test broker, as the other services would. */
public final class TestKafka implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;

    public TestKafka(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /**
     * Publishes a backup outcome (or a restore's, keyed by its source table) on {@code backup-events}, keyed by its
     * table ARN, and waits for the ack.
     */
    public void publish(Message message) {
        publish(Topics.BACKUP_EVENTS, keyOf(message), Messages.toJson(message));
    }

    /** Publishes messages without waiting for each ack, then waits for all of them. */
    public void publishAll(List<? extends Message> messages) {
        messages.forEach(message -> producer.send(new ProducerRecord<>(Topics.BACKUP_EVENTS, keyOf(message),
                Messages.toJson(message))));
        producer.flush();
    }

    public void publish(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /** Every record of {@code topic} with {@code key}, from the beginning to the current end. */
    public List<ConsumerRecord<String, String>> records(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    /** The messages on {@code retention-events} for a table, in order. */
    public List<Message> retentionEvents(String tableArn) {
        return records(Topics.RETENTION_EVENTS, tableArn).stream().map(r -> Messages.parse(r.value())).toList();
    }

    private static String keyOf(Message message) {
        if (message instanceof BackupStarted m) {
            return m.due().table().arn();
        }
        if (message instanceof BackupCreated m) {
            return m.due().table().arn();
        }
        if (message instanceof BackupFailed m) {
            return m.due().table().arn();
        }
        if (message instanceof BackupMissed m) {
            return m.due().table().arn();
        }
        if (message instanceof BackupDeleted m) {
            return m.table().arn();
        }
        if (message instanceof RestoreStarted m) {
            return m.source().table().arn();
        }
        if (message instanceof RestoreEnded m) {
            return m.source().table().arn();
        }
        if (message instanceof ScratchTableDropped m) {
            return m.source().table().arn();
        }
        if (message instanceof io.gfsbackup.contracts.messages.PointArchived m) {
            return m.point().table().arn();
        }
        if (message instanceof io.gfsbackup.contracts.messages.ArchiveFailed m) {
            return m.point().table().arn();
        }
        throw new IllegalArgumentException("not a backup event: " + message.type());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
