package io.gfsbackup.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.BackupMissed;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;

/**
 * Records everything that arrives on some topics from the moment it is opened (it starts at their ends), on a
 * thread of its own, for a test to look at: what a worker or the retention service would read.
 */
final class EventTap implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean paused;

    EventTap(String bootstrapServers, String... topics) {
        this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topics);
    }

    /** With these client settings (brokers, security). */
    EventTap(Map<String, Object> clientSettings, String... topics) {
        Map<String, Object> config = new java.util.HashMap<>(clientSettings);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the ends now, before anything is sent
        thread = new Thread(this::read, "event-tap");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try {
            while (running) {
                if (paused) {
                    Thread.sleep(5);
                    continue;
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (WakeupException closing) {
            // closed
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** Stops reading until {@link #resume()} (a benchmark keeps it off the CPU while it measures). */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    List<ConsumerRecord<String, String>> records(Predicate<ConsumerRecord<String, String>> wanted) {
        return records.stream().filter(wanted).toList();
    }

    /** The BackupDue records of a policy, with their keys. */
    List<ConsumerRecord<String, String>> dueRecords(UUID policyId) {
        return records(r -> r.topic().equals("backup-due") && r.value() != null
                && r.value().contains(policyId.toString()));
    }

    List<BackupDue> due(UUID policyId) {
        return messages(policyId, BackupDue.class);
    }

    /** The BackupDue events of a policy sent after their start window ended: the worker records them missed. */
    List<BackupDue> late(UUID policyId) {
        return due(policyId).stream().filter(d -> !d.occurredAt().isBefore(d.due().startWindowEnd())).toList();
    }

    /** BackupMissed events of a policy: only the worker writes outcomes, so the scheduler must never send one. */
    List<BackupMissed> missed(UUID policyId) {
        return messages(policyId, BackupMissed.class);
    }

    private <T extends Message> List<T> messages(UUID policyId, Class<T> type) {
        List<T> found = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.value() == null || !record.value().contains(policyId.toString())) {
                continue;
            }
            Message message = Messages.parse(record.value());
            if (type.isInstance(message)) {
                found.add(type.cast(message));
            }
        }
        return found;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
