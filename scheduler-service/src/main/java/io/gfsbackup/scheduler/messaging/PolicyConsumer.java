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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.gfsbackup.contracts.messages.MalformedMessageException;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PolicyUpserted;
import io.gfsbackup.messaging.ConsumerFactory;
import io.gfsbackup.messaging.ConsumerLoop;
import io.gfsbackup.messaging.KafkaClientSettings;
import io.gfsbackup.messaging.KafkaSender;
import io.gfsbackup.messaging.PollWatch;
import io.gfsbackup.messaging.Retrying;
import io.gfsbackup.scheduler.service.PolicyBook;

/**
 * Owns a share of the policies: a member of a Kafka consumer group on the compacted {@code policies} topic, on the
 * shared {@link ConsumerLoop} and its rules. On assignment it reads the new partitions from the beginning (the
 * compacted topic is the table of policies) and marks each one ready once read to the end it had at assignment;
 * on revocation or loss it drops their policies. When an instance dies, the broker notices after the session
 * timeout and gives its partitions to the others: that bounds failover.
 *
 * <p>A record that is not a valid {@code PolicyUpserted} for its key goes to {@code policies.dlq} once: a record
 * below the group's committed offset was dead-lettered when first read, and the loop does not dead-letter it again
 * when the partition is read from the beginning. The consumer goes on.
 */
public final class PolicyConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PolicyConsumer.class);

    /** What the consumer needs to know about Kafka: the service's shared client settings and its own. */
    public record Settings(KafkaClientSettings kafka, String topic, String groupId, String clientId,
                           Duration sessionTimeout, Duration heartbeatInterval) {
    }

    private final PolicyBook book;
    private final Consumer<UUID> onDeleted;
    private final Runnable onReady;
    private final Runnable onDeadLetter;
    private final ConsumerLoop loop;
    /** per loading partition: the end offset at assignment; ready once the position reaches it (loop thread only) */
    private final Map<TopicPartition, Long> loading = new HashMap<>();
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();

    public PolicyConsumer(Settings settings, PolicyBook book, KafkaSender deadLetters, Consumer<UUID> onDeleted,
                          Runnable onReady, Runnable onDeadLetter) {
        this(settings, book, deadLetters, onDeleted, onReady, onDeadLetter, ConsumerFactory.standard());
    }

    /** With the maker of its Kafka consumer (a test's, to inject faults into the consumer's commits). */
    public PolicyConsumer(Settings settings, PolicyBook book, KafkaSender deadLetters, Consumer<UUID> onDeleted,
                          Runnable onReady, Runnable onDeadLetter, ConsumerFactory consumers) {
        this.book = book;
        this.onDeleted = onDeleted;
        this.onReady = onReady;
        this.onDeadLetter = onDeadLetter;
        this.loop = ConsumerLoop.builder("policy-consumer-" + settings.clientId(), settings.kafka().with(Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG, settings.groupId(),
                        ConsumerConfig.CLIENT_ID_CONFIG, settings.clientId(),
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis(),
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) settings.heartbeatInterval().toMillis(),
                        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        CooperativeStickyAssignor.class.getName())))
                .subscribe(settings.topic())
                .consumers(consumers)
                .pollTimeout(Duration.ofMillis(200))
                .retry(Retrying.Policy.standard())
                .deadLetters(deadLetters)
                .handler(this::handle)
                .listener(new Ownership())
                .build();
    }

    public void start() {
        loop.start();
    }

    /** Whether the consumer runs (false after close). */
    public boolean isAlive() {
        return loop.isRunning();
    }

    /** The consumer as the service's readiness watches it. */
    public PollWatch pollWatch() {
        return loop;
    }

    /** The partitions of {@code policies} this instance holds now (loading or ready). */
    public Set<Integer> assignedPartitions() {
        return Set.copyOf(assigned);
    }

    void handle(ConsumerRecord<String, String> record) {
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
    }

    private static UUID policyIdOf(String key) {
        try {
            return UUID.fromString(key);
        } catch (RuntimeException e) {
            throw new MalformedMessageException("the key of a policies record is the policy id (a UUID), not "
                    + key, e);
        }
    }

    /** Which partitions this instance owns, and when each one has been read to its end. */
    private final class Ownership implements ConsumerLoop.Listener {

        @Override
        public void assigned(org.apache.kafka.clients.consumer.Consumer<String, String> consumer,
                             Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            book.loading(partitions.stream().map(TopicPartition::partition).toList());
            for (TopicPartition partition : partitions) {
                loading.put(partition, ends.getOrDefault(partition, 0L));
                assigned.add(partition.partition());
            }
            consumer.seekToBeginning(partitions);
            LOG.infof("assigned %s: reading them from the beginning", partitions);
        }

        @Override
        public void revoked(Collection<TopicPartition> partitions) {
            List<Integer> numbers = partitions.stream().map(TopicPartition::partition).toList();
            book.drop(numbers);
            partitions.forEach(p -> {
                loading.remove(p);
                assigned.remove(p.partition());
            });
            LOG.infof("revoked or lost %s: their policies are another instance's now", partitions);
        }

        @Override
        public void polled(org.apache.kafka.clients.consumer.Consumer<String, String> consumer) {
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

        @Override
        public void deadLettered(ConsumerRecord<String, String> record, Exception error) {
            onDeadLetter.run();
        }
    }

    @Override
    public void close() {
        loop.close();
        book.drop(Set.copyOf(assigned));
        assigned.clear();
    }
}
