package io.gfsbackup.scheduler.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.gfsbackup.contracts.messages.MalformedMessageException;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PolicyUpserted;
import io.gfsbackup.scheduler.service.PolicyBook;

/**
 * Owns a share of the policies: a member of a Kafka consumer group on the compacted {@code policies} topic. On
 * assignment it reads the new partitions from the beginning (the compacted topic is the table of policies) and
 * marks each one ready once read to the end it had at assignment; on revocation or loss it drops their policies.
 * When an instance dies, the broker notices after the session timeout and gives its partitions to the others: that
 * bounds failover.
 *
 * <p>A record that is not a valid {@code PolicyUpserted} for its key goes to {@code policies.dlq} with the error in
 * headers, once: offsets are committed as the records are read, and a record below the committed offset is one that
 * was already dead-lettered before a re-read. The consumer goes on.
 */
public final class PolicyConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PolicyConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** What the consumer needs to know about Kafka. */
    public record Settings(String bootstrapServers, String topic, String groupId, String clientId,
                           Duration sessionTimeout, Duration heartbeatInterval) {
    }

    private final Settings settings;
    private final PolicyBook book;
    private final EventPublisher publisher;
    private final Consumer<UUID> onDeleted;
    private final Runnable onReady;
    private final Runnable onDeadLetter;
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    /** per loading partition: the end offset at assignment; ready once the position reaches it */
    private final Map<TopicPartition, Long> loading = new HashMap<>();
    /** per assigned partition: the committed offset at assignment; records below it were seen before */
    private final Map<TopicPartition, Long> seenBefore = new HashMap<>();
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private volatile Throwable failure;

    public PolicyConsumer(Settings settings, PolicyBook book, EventPublisher publisher, Consumer<UUID> onDeleted,
                          Runnable onReady, Runnable onDeadLetter) {
        this.settings = settings;
        this.book = book;
        this.publisher = publisher;
        this.onDeleted = onDeleted;
        this.onReady = onReady;
        this.onDeadLetter = onDeadLetter;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, settings.groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, settings.clientId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) settings.heartbeatInterval().toMillis(),
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName()),
                new StringDeserializer(), new StringDeserializer());
        this.thread = new Thread(this::run, "policy-consumer-" + settings.clientId());
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Whether the consumer thread is running (false after a fatal error or close). */
    public boolean isAlive() {
        return thread.isAlive() && failure == null;
    }

    /** The partitions of {@code policies} this instance holds now (loading or ready). */
    public Set<Integer> assignedPartitions() {
        return Set.copyOf(assigned);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(settings.topic()), new Rebalance());
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    handle(record);
                }
                markReady();
                commitPositions();
            }
        } catch (WakeupException closing) {
            // close() was called
        } catch (Throwable e) {
            failure = e;
            LOG.errorf(e, "the policies consumer stopped: %s", e.getMessage());
        } finally {
            book.drop(Set.copyOf(assigned));
            assigned.clear();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    void handle(ConsumerRecord<String, String> record) {
        try {
            UUID policyId = policyIdOf(record.key());
            if (record.value() == null) {
                book.remove(policyId);
                onDeleted.accept(policyId);
                return;
            }
            PolicyUpserted upserted = Messages.fromJson(record.value(), PolicyUpserted.class);
            if (!upserted.policyId().equals(policyId)) {
                throw new MalformedMessageException("key " + record.key() + " is not the policyId "
                        + upserted.policyId() + " of the message", null);
            }
            PolicyBook.Change change = book.upsert(record.partition(), policyId, upserted.version(),
                    upserted.occurredAt(), upserted.policy());
            LOG.debugf("policy %s v%d: %s", policyId, upserted.version(), change);
        } catch (MalformedMessageException e) {
            deadLetter(record, e);
        }
    }

    private static UUID policyIdOf(String key) {
        try {
            return UUID.fromString(key);
        } catch (RuntimeException e) {
            throw new MalformedMessageException("the key of a policies record is the policy id (a UUID), not "
                    + key, e);
        }
    }

    private void deadLetter(ConsumerRecord<String, String> record, Exception error) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < seenBefore.getOrDefault(partition, 0L)) {
            return; // dead-lettered when first read
        }
        LOG.warnf("policies record %s-%d@%d goes to the DLQ: %s", record.topic(), record.partition(),
                record.offset(), error.getMessage());
        publisher.deadLetter(record, error);
        onDeadLetter.run();
    }

    private void markReady() {
        if (loading.isEmpty()) {
            return;
        }
        boolean any = false;
        for (var it = loading.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (consumer.position(entry.getKey()) >= entry.getValue()) {
                book.ready(entry.getKey().partition());
                it.remove();
                any = true;
                LOG.infof("partition %s loaded: %d policies owned", entry.getKey(), book.size());
            }
        }
        if (any) {
            onReady.run();
        }
    }

    private void commitPositions() {
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            long position = consumer.position(partition);
            if (position > seenBefore.getOrDefault(partition, 0L)) {
                positions.put(partition, new OffsetAndMetadata(position));
                seenBefore.put(partition, position);
            }
        }
        if (!positions.isEmpty()) {
            consumer.commitAsync(positions, null);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<Integer> numbers = partitions.stream().map(TopicPartition::partition).toList();
            book.loading(numbers);
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                seenBefore.put(partition, offset == null ? 0L : offset.offset());
                loading.put(partition, ends.getOrDefault(partition, 0L));
                assigned.add(partition.partition());
            }
            consumer.seekToBeginning(partitions);
            LOG.infof("assigned %s: reading them from the beginning", partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            forget(partitions, "revoked");
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions, "lost");
        }

        private void forget(Collection<TopicPartition> partitions, String how) {
            if (partitions.isEmpty()) {
                return;
            }
            List<Integer> numbers = partitions.stream().map(TopicPartition::partition).toList();
            book.drop(numbers);
            partitions.forEach(p -> {
                loading.remove(p);
                seenBefore.remove(p);
                assigned.remove(p.partition());
            });
            LOG.infof("%s %s: their policies are another instance's now", how, partitions);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
