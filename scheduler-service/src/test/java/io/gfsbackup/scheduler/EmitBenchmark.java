package io.gfsbackup.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.scheduler.persistence.CursorStore;
import io.gfsbackup.scheduler.config.SchedulerInstance;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One slot of a policy that selects 10,000 tables in moto, as BackupDue events per second, next to a plain Kafka
 * producer that sends the same number of records of the same sizes and keys to the same broker, with the same
 * producer settings, in the same run. Not run by default; see docs/benchmarks-scheduler.md.
 *
 * <pre>mvn -B test -pl scheduler-service -Dtest=EmitBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MotoResource.class)
class EmitBenchmark {

    private static final int TABLES = Integer.getInteger("gfs.bench.tables", 10_000);
    private static final int ROUNDS = Integer.getInteger("gfs.bench.rounds", 5);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    Clock clock;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    DataSource dataSource;

    @Test
    void oneSlotOfTenThousandTablesComparedWithAPlainProducer() throws Exception {
        String prefix = Fixtures.prefix("bench");
        long created = System.nanoTime();
        createTables(prefix);
        System.out.printf("BENCH created %d tables in moto in %d s%n", TABLES,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - created));

        String topic = PolicyTopic.createFresh(bootstrapServers, "policies-bench");
        String baselineTopic = "bench-baseline-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(baselineTopic, 6, (short) 1))).all().get();
        }
        UUID policyId = UUID.randomUUID();
        CursorStore cursors = new CursorStore(dataSource);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<double[]> results = new ArrayList<>();
        try (TestTime time = new TestTime(bootstrapServers, clock);
             PolicyTopic policies = new PolicyTopic(bootstrapServers, topic);
             EventTap tap = new EventTap(bootstrapServers, Topics.BACKUP_DUE);
             SchedulerInstance instance = new SchedulerInstance(
                     Instances.settings("bench", bootstrapServers, topic, "bench-" + UUID.randomUUID()), cursors,
                     Instances.aws(dynamo), clock, registry);
             KafkaProducer<String, String> plain = plainProducer()) {
            Instant day = time.begin(TestTime.FIRST);
            // hourly slots; the instance's tick is long enough not to matter, the clock step starts each pass
            policies.upsert(policyId, 1, Fixtures.policy("UTC",
                    "{\"region\": \"us-east-1\", \"tables\": [\"" + prefix + "-*\"]}",
                    "{\"daily\": {\"times\": [" + hours(2 * (ROUNDS + 1)) + "], \"keep\": \"P3D\"}}", true), day);
            instance.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> instance.owns(policyId));
            Timer resolution = registry.find("gfs.scheduler.table.resolution").timer();
            Timer slotDuration = registry.find("gfs.scheduler.slot.duration").timer();

            for (int round = 0; round <= ROUNDS; round++) {
                // cold: the clock jumps onto the slot, so the slot's pass lists the tables first
                Instant cold = day.plus(Duration.ofHours(2L * round + 1));
                double[] coldRun = slot(time, tap, cursors, resolution, slotDuration, policyId, cold, false);
                // warm: the clock passes 10 s before the slot first, as a ticking system clock does
                Instant warm = day.plus(Duration.ofHours(2L * round + 2));
                double[] warmRun = slot(time, tap, cursors, resolution, slotDuration, policyId, warm, true);
                long baselineNanos = sendPlain(plain, baselineTopic, dueAt(tap, warm));
                double baseline = TABLES / (baselineNanos / 1e9);
                double coldRate = TABLES / (coldRun[0] / 1e9);
                double warmRate = TABLES / (warmRun[0] / 1e9);
                double inside = TABLES / (warmRun[2] / 1e9);
                System.out.printf("BENCH round %d%s: cold slot %.0f ms (listing tables %.0f ms) = %.0f BackupDue/s; "
                                + "warm slot (listed ahead) %.0f ms = %.0f BackupDue/s, of which lock-to-commit "
                                + "%.0f ms = %.0f BackupDue/s; plain producer %d ms = %.0f records/s; ratio cold %.2f, "
                                + "warm %.2f, lock-to-commit %.2f%n",
                        round, round == 0 ? " (warm-up)" : "", coldRun[0] / 1e6, coldRun[1] / 1e6, coldRate,
                        warmRun[0] / 1e6, warmRate, warmRun[2] / 1e6, inside, baselineNanos / 1_000_000, baseline,
                        coldRate / baseline, warmRate / baseline, inside / baseline);
                if (round > 0) {
                    results.add(new double[] {coldRate, warmRate, baseline, inside});
                }
            }
            double cold = results.stream().mapToDouble(r -> r[0]).average().orElseThrow();
            double warm = results.stream().mapToDouble(r -> r[1]).average().orElseThrow();
            double baseline = results.stream().mapToDouble(r -> r[2]).average().orElseThrow();
            double inside = results.stream().mapToDouble(r -> r[3]).average().orElseThrow();
            System.out.printf("BENCH mean of %d rounds: cold %.0f BackupDue/s, warm %.0f BackupDue/s, lock-to-commit "
                    + "%.0f BackupDue/s, plain %.0f records/s; ratio cold %.2f, warm %.2f, lock-to-commit %.2f%n",
                    results.size(), cold, warm, inside, baseline, cold / baseline, warm / baseline,
                    inside / baseline);
            policies.delete(policyId);
        }
    }

    /** Runs one slot; returns its duration and the part spent listing tables during it, in nanoseconds. */
    private static double[] slot(TestTime time, EventTap tap, CursorStore cursors, Timer resolution,
                                 Timer slotDuration, UUID policyId, Instant slot, boolean listedAhead) {
        if (listedAhead) {
            long resolved = resolution.count();
            time.publish(slot.minusSeconds(10));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5))
                    .until(() -> resolution.count() > resolved);
        }
        double resolvedBefore = resolution.totalTime(TimeUnit.NANOSECONDS);
        double handledBefore = slotDuration.totalTime(TimeUnit.NANOSECONDS);
        tap.pause(); // reads the slot's events after the measurement, as during the plain producer's
        long start = System.nanoTime();
        time.publish(slot);
        await().atMost(Duration.ofMinutes(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).until(() ->
                cursors.find(policyId).map(CursorStore.Cursor::lastSlot).filter(slot::equals).isPresent());
        long slotNanos = System.nanoTime() - start;
        double resolveNanos = resolution.totalTime(TimeUnit.NANOSECONDS) - resolvedBefore;
        double handleNanos = slotDuration.totalTime(TimeUnit.NANOSECONDS) - handledBefore;
        tap.resume();
        await().atMost(Duration.ofMinutes(2)).until(() -> dueAt(tap, slot).size() >= TABLES);
        assertThat(dueAt(tap, slot)).hasSize(TABLES);
        return new double[] {slotNanos, resolveNanos, handleNanos};
    }

    private static List<ConsumerRecord<String, String>> dueAt(EventTap tap, Instant slot) {
        String marker = "\"slot\":\"" + slot + "\"";
        return tap.records(r -> r.topic().equals(Topics.BACKUP_DUE) && r.value() != null
                && r.value().contains(marker));
    }

    /** The same keys and the same payload sizes as the scheduler's records, already serialized. */
    private static long sendPlain(KafkaProducer<String, String> producer, String topic,
                                  List<ConsumerRecord<String, String>> like) throws Exception {
        List<ProducerRecord<String, String>> records = new ArrayList<>(like.size());
        for (ConsumerRecord<String, String> record : like) {
            char[] payload = new char[record.value().length()];
            java.util.Arrays.fill(payload, (char) ('a' + ThreadLocalRandom.current().nextInt(26)));
            records.add(new ProducerRecord<>(topic, record.key(), new String(payload)));
        }
        long start = System.nanoTime();
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (ProducerRecord<String, String> record : records) {
            acks.add(producer.send(record));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
        return System.nanoTime() - start;
    }

    /** The settings of the scheduler's own producer ({@code EventPublisher}). */
    private KafkaProducer<String, String> plainProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new StringSerializer());
    }

    private void createTables(String prefix) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < TABLES; i++) {
            String name = String.format("%s-%05d", prefix, i);
            done.add(pool.submit(() -> Fixtures.createTable(dynamo, name, Map.of())));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
    }

    private static String hours(int count) {
        StringBuilder out = new StringBuilder();
        for (int h = 1; h <= count; h++) {
            out.append(out.isEmpty() ? "" : ", ").append(String.format("\"%02d:00\"", h));
        }
        return out.toString();
    }
}
