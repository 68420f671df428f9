package io.gfsbackup.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.gfsbackup.contracts.messages.Topics;

/**
 * The one consumer loop of the consumers that use the Kafka client itself (see decision 0006). It applies the
 * rules every consumer of the services follows:
 *
 * <ul>
 *   <li>A record's handler is retried as {@link Retrying} says: a transient failure for as long as it lasts, never
 *       dead-lettered; any other failure a bounded number of times, then the record goes to {@code <topic>.dlq}
 *       ({@link DeadLetters}) and the loop goes on with the next one. A record below the offset the group had
 *       committed when the partition was assigned was handled before: when it fails again (a compacted topic read
 *       again from its start) it is not dead-lettered twice.</li>
 *   <li>With a batch handler, the records of one partition and poll are first handled together; if that fails, one
 *       by one under the rules above, so that one bad record goes to the DLQ alone.</li>
 *   <li>Offsets are committed after the records are handled (at least once: handlers are idempotent), never below
 *       what the group had. A failed commit, a rebalance, a failed poll or any error of a handler or hook is logged
 *       and the loop goes on: only {@link #close()} stops it. When it gives up a poll's records half-way, it seeks
 *       back to the first one not handled, so nothing is skipped.</li>
 *   <li>It is a {@link PollWatch}: the instant of its last poll by which the cluster had answered it again (a
 *       fetch, a heartbeat: a broker that only lets it connect, and drops it for want of credentials, does not
 *       count).</li>
 * </ul>
 *
 * <p>It subscribes as a member of a consumer group ({@code group.id} set), or, without a group, reads assigned
 * partitions and commits nothing.
 */
public final class ConsumerLoop implements PollWatch, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    /** Handles one record; throws to have it retried or dead-lettered. */
    @FunctionalInterface
    public interface RecordHandler {
        void handle(ConsumerRecord<String, String> record) throws Exception;
    }

    /** Handles the records of one partition and poll together, all or nothing. */
    @FunctionalInterface
    public interface BatchHandler {
        void handle(List<ConsumerRecord<String, String>> records) throws Exception;
    }

    /** Hooks that run on the loop's thread. */
    public interface Listener {

        /** Partitions were assigned (or, without a group, the loop started on its partitions). */
        default void assigned(Consumer<String, String> consumer, Collection<TopicPartition> partitions) {
        }

        /** Partitions were revoked or lost. */
        default void revoked(Collection<TopicPartition> partitions) {
        }

        /** A poll's records have been handled. */
        default void polled(Consumer<String, String> consumer) {
        }

        /** A record went to its dead-letter topic (for metrics). */
        default void deadLettered(ConsumerRecord<String, String> record, Exception error) {
        }
    }

    private final String name;
    private final Consumer<String, String> consumer;
    private final boolean group;
    private final List<String> topics;
    private final List<TopicPartition> partitions;
    private final RecordHandler handler;
    private final BatchHandler batchHandler;
    private final Listener listener;
    private final Retrying.Policy retry;
    private final KafkaSender deadLetters;
    private final Duration pollTimeout;
    private final Clock wallClock = Clock.systemUTC();
    private final Thread thread;
    /** Per assigned partition: the highest offset known committed; never committed below, records below seen before. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private volatile boolean running = true;
    private volatile Instant lastCompletedPoll;
    /** Looked up once: the client's metric objects live as long as the client. */
    /** Whether the cluster answered since the last poll (loop thread only). */
    private final ClusterAnswers answers = new ClusterAnswers();

    private ConsumerLoop(Builder builder) {
        this.name = builder.name;
        this.group = builder.config.get(ConsumerConfig.GROUP_ID_CONFIG) != null;
        this.topics = builder.topics;
        this.partitions = builder.partitions;
        this.handler = Objects.requireNonNull(builder.handler, "a record handler");
        this.batchHandler = builder.batchHandler;
        this.listener = builder.listener;
        this.retry = builder.retry;
        this.deadLetters = builder.deadLetters;
        this.pollTimeout = builder.pollTimeout;
        Map<String, Object> config = new HashMap<>(builder.config);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, name);
        this.consumer = builder.consumers.apply(config);
        this.lastCompletedPoll = wallClock.instant();
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public static Builder builder(String name, Map<String, Object> consumerConfig) {
        return new Builder(name, consumerConfig);
    }

    /** Starts the loop on a thread of its own. */
    public ConsumerLoop start() {
        thread.start();
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Instant lastCompletedPoll() {
        return lastCompletedPoll;
    }

    /** Whether the loop's thread runs (it stops only on {@link #close()}). */
    public boolean isRunning() {
        return thread.isAlive();
    }

    private void run() {
        try {
            if (group) {
                consumer.subscribe(topics, new Rebalance());
            } else {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                // a hook that cannot reach the broker yet (end offsets, say) is tried again until it can
                Retrying.run(name + " starting on " + partitions, () -> listener.assigned(consumer, partitions),
                        retry.untilItWorks(), () -> running);
            }
            int failedPolls = 0;
            while (running) {
                try {
                    pollOnce();
                    failedPolls = 0;
                } catch (WakeupException | CancellationException stopping) {
                    if (!running) {
                        break;
                    }
                } catch (RuntimeException | Error e) {
                    failedPolls++;
                    Duration delay = retry.backoff().delay(failedPolls);
                    LOG.warnf(e, "%s: a poll failed (%s); going on in %d ms", name, e, delay.toMillis());
                    Retrying.pause(delay, () -> running);
                }
            }
        } catch (WakeupException | CancellationException stopping) {
            // close() was called
        } catch (Exception e) {
            LOG.errorf(e, "%s could not start", name);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void pollOnce() {
        ConsumerRecords<String, String> records = consumer.poll(pollTimeout);
        if (answers.since(consumer)) {
            lastCompletedPoll = wallClock.instant();
        }
        List<TopicPartition> polled = List.copyOf(records.partitions());
        for (int i = 0; i < polled.size(); i++) {
            if (!running) {
                return;
            }
            try {
                handle(polled.get(i), records.records(polled.get(i)));
            } catch (RuntimeException | Error e) {
                // the partitions not reached yet are read again from this poll's first record, not skipped
                for (TopicPartition later : polled.subList(i + 1, polled.size())) {
                    consumer.seek(later, records.records(later).get(0).offset());
                }
                throw e;
            }
        }
        listener.polled(consumer);
    }

    private void handle(TopicPartition partition, List<ConsumerRecord<String, String>> records) {
        if (batchHandler != null && records.size() > 1) {
            try {
                batchHandler.handle(records);
                commit(partition, records.get(records.size() - 1).offset() + 1);
                return;
            } catch (Exception e) {
                LOG.debugf("%s: a batch of %d records of %s failed (%s); handling them one by one", name,
                        records.size(), partition, e);
            }
        }
        long next = records.get(0).offset();
        try {
            for (ConsumerRecord<String, String> record : records) {
                handleOne(record);
                next = record.offset() + 1;
            }
        } finally {
            if (next <= records.get(records.size() - 1).offset() && running) {
                consumer.seek(partition, next);
            }
            commit(partition, next);
        }
    }

    private void handleOne(ConsumerRecord<String, String> record) {
        String what = name + " handling " + record.topic() + "-" + record.partition() + "@" + record.offset();
        try {
            Retrying.run(what, () -> handler.handle(record), retry, () -> running);
        } catch (CancellationException stopping) {
            throw stopping;
        } catch (Exception e) {
            deadLetter(record, e);
        }
    }

    private void deadLetter(ConsumerRecord<String, String> record, Exception error) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < committed.getOrDefault(partition, 0L)) {
            LOG.debugf("%s: %s-%d@%d fails again (%s); it was dead-lettered when first read", name, record.topic(),
                    record.partition(), record.offset(), error);
            return;
        }
        if (deadLetters == null) {
            LOG.warnf("%s: %s-%d@%d cannot be handled and is skipped: %s", name, record.topic(), record.partition(),
                    record.offset(), error.getMessage());
            return;
        }
        LOG.warnf("%s: %s-%d@%d goes to %s: %s", name, record.topic(), record.partition(), record.offset(),
                Topics.dlq(record.topic()), error.getMessage());
        try {
            Retrying.run(name + " dead-lettering " + record.topic() + "-" + record.partition() + "@"
                    + record.offset(), () -> deadLetters.send(DeadLetters.of(record, error)),
                    retry.untilItWorks(), () -> running);
            listener.deadLettered(record, error);
        } catch (CancellationException stopping) {
            throw stopping;
        } catch (Exception unexpected) {
            throw new IllegalStateException("the dead letter was not written", unexpected);
        }
    }

    private void commit(TopicPartition partition, long next) {
        if (!group || next <= committed.getOrDefault(partition, -1L)) {
            return;
        }
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
            committed.put(partition, next);
        } catch (WakeupException stopping) {
            throw stopping;
        } catch (RuntimeException e) {
            LOG.warnf("%s: could not commit %s at %d (%s); records after the last commit may come again, and "
                    + "handling them again changes nothing", name, partition, next, e);
        }
    }

    /** Stops the loop; what was handled is committed, the rest is consumed again later. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (assigned.isEmpty()) {
                return;
            }
            try {
                consumer.committed(Set.copyOf(assigned)).forEach((partition, offset) -> {
                    if (offset != null) {
                        committed.put(partition, offset.offset());
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf("%s: could not read the committed offsets of %s (%s)", name, assigned, e);
            }
            listener.assigned(consumer, assigned);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            forget(revoked);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            forget(lost);
        }

        private void forget(Collection<TopicPartition> gone) {
            if (gone.isEmpty()) {
                return;
            }
            gone.forEach(committed::remove);
            listener.revoked(gone);
        }
    }

    /** Everything a loop is made of. */
    public static final class Builder {
        private final String name;
        private final Map<String, Object> config;
        private List<String> topics = List.of();
        private List<TopicPartition> partitions = List.of();
        private RecordHandler handler;
        private BatchHandler batchHandler;
        private Listener listener = new Listener() {
        };
        private Retrying.Policy retry = Retrying.Policy.standard();
        private KafkaSender deadLetters;
        private Duration pollTimeout = Duration.ofMillis(500);
        private Function<Map<String, Object>, Consumer<String, String>> consumers = ConsumerFactory.standard();

        private Builder(String name, Map<String, Object> config) {
            this.name = name;
            this.config = Map.copyOf(config);
        }

        /** As a member of the consumer group of {@code group.id}, on these topics. */
        public Builder subscribe(String... topics) {
            this.topics = List.of(topics);
            return this;
        }

        /** Without a group: these partitions, from their beginning; nothing is committed. */
        public Builder assign(TopicPartition... partitions) {
            this.partitions = List.of(partitions);
            return this;
        }

        public Builder handler(RecordHandler handler) {
            this.handler = handler;
            return this;
        }

        public Builder batchHandler(BatchHandler batchHandler) {
            this.batchHandler = batchHandler;
            return this;
        }

        public Builder listener(Listener listener) {
            this.listener = listener;
            return this;
        }

        public Builder retry(Retrying.Policy retry) {
            this.retry = retry;
            return this;
        }

        /** Where dead letters are sent; without it a record that can never be handled is logged and skipped. */
        public Builder deadLetters(KafkaSender deadLetters) {
            this.deadLetters = deadLetters;
            return this;
        }

        public Builder pollTimeout(Duration pollTimeout) {
            this.pollTimeout = pollTimeout;
            return this;
        }

        /** How the Kafka consumer is made (tests make one that fails on purpose). */
        public Builder consumers(Function<Map<String, Object>, Consumer<String, String>> consumers) {
            this.consumers = consumers;
            return this;
        }

        public ConsumerLoop build() {
            boolean subscribes = config.get(ConsumerConfig.GROUP_ID_CONFIG) != null;
            if (subscribes == topics.isEmpty() || !subscribes == partitions.isEmpty()) {
                throw new IllegalArgumentException(name + ": a loop with group.id subscribes to topics; one without "
                        + "is assigned partitions");
            }
            return new ConsumerLoop(this);
        }
    }
}
