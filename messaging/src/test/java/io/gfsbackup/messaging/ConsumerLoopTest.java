package io.gfsbackup.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.infra.KafkaBroker;

/** The rules of the consumer loop, on a real broker. */
class ConsumerLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Retrying.Policy FAST = new Retrying.Policy(Failures.standard(),
            new Backoff(Duration.ofMillis(20), Duration.ofMillis(200)), 3);

    private static KafkaBroker broker;
    private static KafkaSender sender;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.startBehindProxy();
        sender = new KafkaSender(broker.bootstrapServers(), "test-sender", Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBroker() {
        sender.close();
        broker.close();
    }

    @Test
    void aRecordThatCanNeverBeHandledGoesToItsDlqAfterBoundedAttemptsAndTheLoopGoesOn() throws Exception {
        String topic = topic();
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        send(topic, "a", "good-1", "poison", "good-2");

        try (ConsumerLoop loop = ConsumerLoop.builder("poison-test", group()).subscribe(topic).retry(FAST)
                .deadLetters(sender).handler(record -> {
                    attempts.computeIfAbsent(record.value(), v -> new AtomicInteger()).incrementAndGet();
                    if (record.value().equals("poison")) {
                        throw new IllegalArgumentException("not a message", new IllegalStateException("inner"));
                    }
                    handled.add(record.value());
                }).build().start()) {
            await().atMost(WAIT).until(() -> handled.size() == 2);
            assertThat(handled).containsExactly("good-1", "good-2");
            assertThat(attempts.get("poison")).hasValue(3);
            List<ConsumerRecord<String, String>> dead = read(Topics.dlq(topic), 1);
            assertThat(dead).singleElement().satisfies(letter -> {
                assertThat(letter.key()).isEqualTo("a");
                assertThat(letter.value()).isEqualTo("poison");
                assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON)).isEqualTo("not a message");
                assertThat(DeadLetters.header(letter.headers(), DeadLetters.EXCEPTION_CLASS))
                        .isEqualTo(IllegalArgumentException.class.getName());
                assertThat(DeadLetters.header(letter.headers(), DeadLetters.CAUSE)).isEqualTo("inner");
                assertThat(DeadLetters.header(letter.headers(), DeadLetters.CAUSE_CLASS))
                        .isEqualTo(IllegalStateException.class.getName());
                assertThat(DeadLetters.header(letter.headers(), DeadLetters.TOPIC)).isEqualTo(topic);
                assertThat(DeadLetters.header(letter.headers(), DeadLetters.OFFSET)).isEqualTo("1");
            });
        }
    }

    @Test
    void aTransientFailureIsRetriedForAsLongAsItLastsAndNeverDeadLettered() throws Exception {
        String topic = topic();
        AtomicInteger failures = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        send(topic, "k", "first", "second");

        try (ConsumerLoop loop = ConsumerLoop.builder("transient-test", group()).subscribe(topic).retry(FAST)
                .deadLetters(sender).handler(record -> {
                    if (record.value().equals("first") && failures.incrementAndGet() <= 12) {
                        throw new IllegalStateException("database away",
                                new SQLTransientConnectionException("connection refused", "08001"));
                    }
                    handled.add(record.value());
                }).build().start()) {
            await().atMost(WAIT).until(() -> handled.size() == 2);
        }
        assertThat(failures.get()).isGreaterThan(FAST.attempts());
        assertThat(handled).containsExactly("first", "second");
        assertThat(read(Topics.dlq(topic), 1, Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    void aBatchThatFailsIsHandledOneByOneSoThatOnlyTheBadRecordIsDeadLettered() throws Exception {
        String topic = topic();
        List<String> handled = new CopyOnWriteArrayList<>();
        List<Integer> batches = new CopyOnWriteArrayList<>();
        send(topic, "k", "1", "2", "bad", "4");

        try (ConsumerLoop loop = ConsumerLoop.builder("batch-test", group()).subscribe(topic).retry(FAST)
                .deadLetters(sender)
                .batchHandler(records -> {
                    batches.add(records.size());
                    if (records.stream().anyMatch(r -> r.value().equals("bad"))) {
                        throw new IllegalArgumentException("a bad record in the batch");
                    }
                    records.forEach(r -> handled.add(r.value()));
                })
                .handler(record -> {
                    if (record.value().equals("bad")) {
                        throw new IllegalArgumentException("bad");
                    }
                    handled.add(record.value());
                }).build().start()) {
            await().atMost(WAIT).until(() -> handled.size() == 3);
            assertThat(handled).containsExactly("1", "2", "4");
            assertThat(read(Topics.dlq(topic), 1)).extracting(ConsumerRecord::value).containsExactly("bad");
        }
    }

    @Test
    void aFailedCommitDoesNotStopTheLoopAndNothingIsSkipped() throws Exception {
        String topic = topic();
        AtomicInteger commitFailures = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        send(topic, "k", "1", "2");

        try (ConsumerLoop loop = ConsumerLoop.builder("commit-test", group()).subscribe(topic).retry(FAST)
                .consumers(config -> new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer()) {
                    @Override
                    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
                        if (commitFailures.incrementAndGet() <= 2) {
                            throw new CommitFailedException("injected: the group rebalanced");
                        }
                        super.commitSync(offsets);
                    }
                })
                .handler(record -> handled.add(record.value())).build().start()) {
            await().atMost(WAIT).until(() -> handled.size() >= 2);
            send(topic, "k", "3");
            await().atMost(WAIT).until(() -> handled.contains("3"));
            assertThat(loop.isRunning()).isTrue();
        }
        assertThat(commitFailures.get()).isGreaterThanOrEqualTo(2);
        assertThat(handled).containsSubsequence("1", "2", "3");
    }

    @Test
    void anErrorOfAHandlerOrHookNeverStopsTheLoop() throws Exception {
        String topic = topic();
        AtomicInteger hookCalls = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        send(topic, "k", "1", "2");

        try (ConsumerLoop loop = ConsumerLoop.builder("hook-test", group()).subscribe(topic).retry(FAST)
                .deadLetters(sender)
                .listener(new ConsumerLoop.Listener() {
                    @Override
                    public void polled(org.apache.kafka.clients.consumer.Consumer<String, String> consumer) {
                        if (hookCalls.incrementAndGet() <= 3) {
                            throw new NullPointerException("a bug in a hook");
                        }
                    }
                })
                .handler(record -> {
                    if (record.value().equals("2") && errors.incrementAndGet() == 1) {
                        throw new AssertionError("a bug in a handler");
                    }
                    handled.add(record.value());
                }).build().start()) {
            await().atMost(WAIT).until(() -> handled.contains("2") && hookCalls.get() > 3);
            send(topic, "k", "3");
            await().atMost(WAIT).until(() -> handled.contains("3"));
            assertThat(loop.isRunning()).isTrue();
        }
        assertThat(handled).containsExactly("1", "2", "3");
    }

    @Test
    void anErrorOnOnePartitionSkipsNoRecordOfTheOtherPartitionsOfThatPoll() throws Exception {
        String topic = "loop-" + UUID.randomUUID();
        broker.createTopics(List.of(new KafkaBroker.TopicSpec(topic, 2, false),
                new KafkaBroker.TopicSpec(Topics.dlq(topic), 1, false)));
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(new ProducerRecord<>(topic, i % 2, "k" + i % 2, "r" + i));
        }
        sender.sendAll(records);
        AtomicInteger errors = new AtomicInteger();
        Set<String> handled = ConcurrentHashMap.newKeySet();

        try (ConsumerLoop loop = ConsumerLoop.builder("partitions-test", group()).subscribe(topic).retry(FAST)
                .deadLetters(sender).handler(record -> {
                    if (errors.incrementAndGet() == 1) {
                        throw new AssertionError("a bug, once, on whichever partition comes first");
                    }
                    handled.add(record.value());
                }).build().start()) {
            await().atMost(WAIT).until(() -> handled.size() == 10);
        }
    }

    @Test
    void deadLettersAreReplayedToTheirTopicOnceTheirCauseIsFixedAndOnlyOnce() throws Exception {
        String topic = topic();
        java.util.concurrent.atomic.AtomicBoolean fixed = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> handled = new CopyOnWriteArrayList<>();
        send(topic, "k", "needs-the-fix", "fine");

        try (ConsumerLoop loop = ConsumerLoop.builder("replay-test", group()).subscribe(topic).retry(FAST)
                .deadLetters(sender).handler(record -> {
                    if (record.value().equals("needs-the-fix") && !fixed.get()) {
                        throw new IllegalArgumentException("not handled before the fix");
                    }
                    handled.add(record.value());
                }).build().start()) {
            await().atMost(WAIT).until(() -> handled.contains("fine"));
            assertThat(read(Topics.dlq(topic), 1)).hasSize(1);

            fixed.set(true);
            assertThat(DeadLetterReplay.replay(KafkaClientSettings.bootstrap(broker.bootstrapServers()),
                    Topics.dlq(topic), Duration.ofSeconds(2))).isEqualTo(1);
            await().atMost(WAIT).until(() -> handled.contains("needs-the-fix"));
            assertThat(DeadLetterReplay.replay(KafkaClientSettings.bootstrap(broker.bootstrapServers()),
                    Topics.dlq(topic), Duration.ofSeconds(2))).isZero();
        }
        assertThat(handled).containsExactly("fine", "needs-the-fix");
    }

    @Test
    void readinessGoesDownWhileTheBrokerIsAwayAndUpWhenItIsBack() throws Exception {
        String topic = topic();
        ConsumerReadiness readiness = new ConsumerReadiness(Duration.ofSeconds(3), java.time.Clock.systemUTC());
        try (ConsumerLoop loop = ConsumerLoop.builder("readiness-test", group()).subscribe(topic).retry(FAST)
                .handler(record -> { }).pollTimeout(Duration.ofMillis(200)).build().start()) {
            readiness.watch(loop);
            await().atMost(WAIT).until(() -> readiness.call().getStatus() == HealthCheckResponse.Status.UP
                    && loop.lastCompletedPoll().isAfter(Instant.now().minusSeconds(1)));
            broker.disconnect();
            try {
                await().atMost(WAIT).until(() -> readiness.call().getStatus() == HealthCheckResponse.Status.DOWN);
                assertThat(loop.isRunning()).isTrue();
            } finally {
                broker.reconnect();
            }
            await().atMost(WAIT).until(() -> readiness.call().getStatus() == HealthCheckResponse.Status.UP);
        }
    }

    private static String topic() {
        String topic = "loop-" + UUID.randomUUID();
        broker.createTopics(List.of(new KafkaBroker.TopicSpec(topic, 1, false),
                new KafkaBroker.TopicSpec(Topics.dlq(topic), 1, false)));
        return topic;
    }

    private static Map<String, Object> group() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "group-" + UUID.randomUUID(),
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
    }

    private static void send(String topic, String key, String... values) throws Exception {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (String value : values) {
            records.add(new ProducerRecord<>(topic, key, value));
        }
        sender.sendAll(records);
    }

    private static List<ConsumerRecord<String, String>> read(String topic, int expected) {
        return read(topic, expected, WAIT);
    }

    private static List<ConsumerRecord<String, String>> read(String topic, int expected, Duration wait) {
        Map<String, Object> config = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID()));
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + wait.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
