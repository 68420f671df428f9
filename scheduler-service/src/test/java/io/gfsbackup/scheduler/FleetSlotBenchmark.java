package io.gfsbackup.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.AwsOperation;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.messaging.KafkaClientSettings;
import io.gfsbackup.scheduler.config.SchedulerInstance;
import io.gfsbackup.scheduler.persistence.CursorStore;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A fleet in moto: 10,000 tables in 2 accounts × 2 regions, a third tagged {@code backup=gfs}, a third tagged
 * otherwise, a third untagged; one policy selecting by that tag over both accounts and regions. For a slot whose
 * inventory must be read first (cold) and one whose inventory is younger than the max age (warm): the time from the
 * clock step onto the slot to the slot's commit (every BackupDue acknowledged by Kafka), the AWS calls of the slot by
 * operation, and the heap the inventory takes. Not run by default; see docs/benchmarks-scheduler.md.
 *
 * <pre>mvn -B test -pl scheduler-service -am -Dtest=FleetSlotBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MotoResource.class)
class FleetSlotBenchmark {

    private static final int TABLES = Integer.getInteger("gfs.bench.tables", 10_000);
    private static final int ROUNDS = Integer.getInteger("gfs.bench.rounds", 3);
    private static final int THREADS = Integer.getInteger("gfs.bench.threads", 6);
    /** A folder to write class histograms of the live heap to (jcmd GC.class_histogram), before and after; unset: none. */
    private static final String HISTOGRAMS = System.getProperty("gfs.bench.histograms");
    private static final List<String> REGIONS = List.of("eu-north-1", "ap-northeast-1");
    private static final AwsAccount OWN = new AwsAccount(Fixtures.ACCOUNT, "arn:aws:iam::" + Fixtures.ACCOUNT
            + ":role/gfs-backup", null);
    private static final AwsAccount OTHER = new AwsAccount("222222222222",
            "arn:aws:iam::222222222222:role/gfs-backup", "fleet-bench");
    private static final List<AwsOperation> COUNTED = List.of(AwsOperation.LIST_TABLES, AwsOperation.GET_RESOURCES,
            AwsOperation.ASSUME_ROLE, AwsOperation.GET_CALLER_IDENTITY, AwsOperation.LIST_TAGS_OF_RESOURCE,
            AwsOperation.DESCRIBE_TABLE);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    Clock clock;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    DataSource dataSource;

    @Test
    void aSlotOfTenThousandTablesInTwoAccountsAndTwoRegionsSelectedByTag() throws Exception {
        assertThat(ROUNDS).as("two hourly slots a round in one day").isBetween(1, 11);
        String prefix = Fixtures.prefix("fleet");
        Set<String> expected;
        long created = System.nanoTime();
        try (AwsClients setup = new AwsClients(dynamo, "fleet-bench-setup", ApiLimits.none())) {
            expected = createTables(setup, prefix);
        }
        System.out.printf("BENCH created %d tables (%d tagged backup=gfs) in 2 accounts x 2 regions of moto in %d s "
                + "with %d threads%n", TABLES, expected.size(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - created), THREADS);

        String topic = PolicyTopic.createFresh(bootstrapServers, "policies-fleet-bench");
        UUID policyId = UUID.randomUUID();
        CursorStore cursors = new CursorStore(dataSource);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // the instance's own clients: its first slot assumes the roles, as after a start
        SchedulerInstance.Settings settings = Instances.settings("fleet-bench",
                KafkaClientSettings.bootstrap(bootstrapServers), topic, "fleet-bench-" + UUID.randomUUID(),
                Duration.ofMinutes(15), Duration.ofMinutes(15));
        try (AwsClients aws = new AwsClients(dynamo, "fleet-bench", ApiLimits.published());
             TestTime time = new TestTime(bootstrapServers, clock);
             PolicyTopic policies = new PolicyTopic(bootstrapServers, topic);
             DueCounter dues = new DueCounter(bootstrapServers, policyId);
             SchedulerInstance instance = new SchedulerInstance(settings, cursors, aws, clock, registry)) {
            Instant day = time.begin(TestTime.FIRST);
            policies.upsert(policyId, 1, policy(), day);
            instance.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> instance.owns(policyId));
            Timer resolution = registry.find("gfs.scheduler.table.resolution").timer();
            Timer handled = registry.find("gfs.scheduler.slot.duration").timer();
            long heapBefore = heapAfterFullGc();
            histogram("before-first-slot");

            List<long[]> cold = new ArrayList<>();
            List<long[]> warm = new ArrayList<>();
            List<long[]> inventoryBytes = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                Instant coldSlot = day.plus(Duration.ofHours(2L * round + 1));
                cold.add(slot("cold", round, time, dues, resolution, handled, aws, coldSlot, expected));
                assertThat(registry.get("gfs.scheduler.inventory.tables").gauge().value()).isEqualTo(TABLES);
                assertThat(instance.inventory().scopes()).hasSize(4);
                Instant warmSlot = day.plus(Duration.ofHours(2L * round + 2));
                warm.add(slot("warm", round, time, dues, resolution, handled, aws, warmSlot, expected));

                long held = heapAfterFullGc();
                histogram("round-" + round + "-held");
                instance.inventory().retain(Set.of()); // the next round's first slot reads it again, as after a start
                long dropped = heapAfterFullGc();
                histogram("round-" + round + "-dropped");
                inventoryBytes.add(new long[] {held - dropped});
                System.out.printf("BENCH round %d heap used after a full GC: %.1f MiB before the first slot, %.1f MiB "
                                + "with the inventory of %d tables held (after the warm slot), %.1f MiB with it "
                                + "dropped; the inventory: %.2f MiB = %d bytes a table; the scheduler's growth since "
                                + "before the first slot: %.2f MiB = %d bytes a table%n", round, mib(heapBefore),
                        mib(held), TABLES, mib(dropped), mib(held - dropped), (held - dropped) / TABLES,
                        mib(held - heapBefore), (held - heapBefore) / TABLES);
            }
            for (AwsOperation operation : COUNTED) {
                assertThat(registry.get("gfs.aws.calls").tag("operation", operation.apiName()).functionCounter()
                        .count()).as("the metric counts what ApiLimits counts")
                        .isEqualTo((double) aws.limits().calls(operation));
            }
            System.out.printf("BENCH %d rounds: cold slot %s ms (median %d), warm slot %s ms (median %d); %d tables, "
                            + "%d dues a slot; the inventory's heap %s bytes (median %d = %d bytes a table)%n", ROUNDS,
                    values(cold, 1_000_000), median(cold, 1_000_000), values(warm, 1_000_000),
                    median(warm, 1_000_000), TABLES, expected.size(), values(inventoryBytes, 1),
                    median(inventoryBytes, 1), median(inventoryBytes, 1) / TABLES);
            policies.delete(policyId);
        }
    }

    /**
     * Moves the clock onto the slot and waits until the slot is committed (every BackupDue of it acknowledged by
     * Kafka); then checks that exactly the expected tables are due. Returns the time in nanoseconds.
     */
    private long[] slot(String kind, int round, TestTime time, DueCounter dues, Timer resolution, Timer handled,
                        AwsClients aws, Instant slot, Set<String> expected) {
        Map<AwsOperation, Long> callsBefore = calls(aws);
        double resolvedBefore = resolution.totalTime(TimeUnit.NANOSECONDS);
        long handledBefore = handled.count();
        dues.pause(); // off the CPU while the slot is measured; it reads the slot's records afterwards
        long start = System.nanoTime();
        time.publish(slot);
        await().atMost(Duration.ofMinutes(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> handled.count() > handledBefore);
        long nanos = System.nanoTime() - start;
        double resolveNanos = resolution.totalTime(TimeUnit.NANOSECONDS) - resolvedBefore;
        Map<AwsOperation, Long> callsAfter = calls(aws);
        dues.resume();
        await().atMost(Duration.ofMinutes(2)).until(() -> dues.at(slot).size() >= expected.size());
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        assertThat(dues.at(slot)).as("the dues of slot %s", slot).hasSize(expected.size())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(dues.wrong()).as("dues with another account, region or key").isZero();
        dues.forget(slot);

        StringBuilder calls = new StringBuilder();
        long total = 0;
        for (AwsOperation operation : COUNTED) {
            long made = callsAfter.get(operation) - callsBefore.get(operation);
            total += made;
            if (made > 0) {
                calls.append(calls.isEmpty() ? "" : ", ").append(operation.apiName()).append(' ').append(made);
            }
        }
        System.out.printf("BENCH round %d %s slot %s: %d ms from the clock step to the commit (resolving %d ms), "
                        + "%d BackupDue; AWS calls %d (%s) = %.2f per 100 tables%n", round, kind, slot,
                nanos / 1_000_000, Math.round(resolveNanos / 1e6), expected.size(), total,
                calls.isEmpty() ? "none" : calls, total * 100.0 / TABLES);
        return new long[] {nanos};
    }

    private static Map<AwsOperation, Long> calls(AwsClients aws) {
        Map<AwsOperation, Long> calls = new EnumMap<>(AwsOperation.class);
        for (AwsOperation operation : COUNTED) {
            calls.put(operation, aws.limits().calls(operation));
        }
        return calls;
    }

    private BackupPolicy policy() {
        return Fixtures.policy("UTC", """
                {"regions": ["%s", "%s"],
                 "accounts": [{"accountId": "%s", "roleArn": "%s"},
                              {"accountId": "%s", "roleArn": "%s", "externalId": "%s"}],
                 "tags": {"backup": "gfs"}}""".formatted(REGIONS.get(0), REGIONS.get(1), OWN.accountId(),
                OWN.roleArn(), OTHER.accountId(), OTHER.roleArn(), OTHER.externalId()),
                "{\"daily\": {\"times\": [" + hours(2 * ROUNDS) + "], \"keep\": \"P3D\"}}", true);
    }

    /**
     * TABLES tables, a quarter in each account and region; table i is tagged backup=gfs when i % 3 == 0, backup=none
     * when i % 3 == 1, and untagged otherwise. Returns the ARNs of the backup=gfs ones.
     */
    private static Set<String> createTables(AwsClients setup, String prefix) throws Exception {
        List<AwsAccount> accounts = List.of(OWN, OTHER);
        int perScope = (TABLES + 3) / 4;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<String>> tagged = new ArrayList<>();
            List<Future<String>> others = new ArrayList<>();
            for (int i = 0; i < TABLES; i++) {
                int scope = i / perScope;
                DynamoDbClient client = setup.dynamoDb(accounts.get(scope / 2), REGIONS.get(scope % 2));
                String name = String.format("%s-%05d", prefix, i);
                Map<String, String> tags = i % 3 == 0 ? Map.of("backup", "gfs")
                        : i % 3 == 1 ? Map.of("backup", "none") : Map.of();
                (i % 3 == 0 ? tagged : others).add(pool.submit(() -> Fixtures.createTable(client, name, tags)));
            }
            Set<String> arns = new HashSet<>();
            for (Future<String> arn : tagged) {
                arns.add(arn.get());
            }
            for (Future<String> other : others) {
                other.get();
            }
            return arns;
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The heap in use right after a full GC ({@code System.gc()}): the sum of the heap pools' usage as the collector
     * left it (what other threads allocate after it does not count), the least of three collections.
     */
    private static long heapAfterFullGc() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                    used += pool.getCollectionUsage().getUsed();
                }
            }
            least = Math.min(least, used);
        }
        return least;
    }

    private static void histogram(String name) throws Exception {
        if (HISTOGRAMS == null) {
            return;
        }
        Path file = Path.of(HISTOGRAMS, name + ".txt");
        Files.createDirectories(file.getParent());
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(ProcessHandle.current().pid()),
                "GC.class_histogram").redirectOutput(file.toFile()).redirectErrorStream(true).start();
        assertThat(jcmd.waitFor(2, TimeUnit.MINUTES)).isTrue();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String values(List<long[]> runs, long unit) {
        return runs.stream().map(r -> String.valueOf(r[0] / unit)).reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static long median(List<long[]> runs, long unit) {
        long[] sorted = runs.stream().mapToLong(r -> r[0] / unit).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static String hours(int count) {
        StringBuilder out = new StringBuilder();
        for (int h = 1; h <= count; h++) {
            out.append(out.isEmpty() ? "" : ", ").append(String.format("\"%02d:00\"", h));
        }
        return out.toString();
    }

    /** The table ARNs of one policy's BackupDue records on backup-due, by slot, read from the topic's end on. */
    private static final class DueCounter implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final String policyId;
        private final Map<Instant, Queue<String>> bySlot = new ConcurrentHashMap<>();
        private final AtomicInteger wrong = new AtomicInteger();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile boolean paused;

        DueCounter(String bootstrapServers, UUID policyId) {
            this.policyId = policyId.toString();
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                    new StringDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topics.BACKUP_DUE)) {
                partitions.add(new TopicPartition(Topics.BACKUP_DUE, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = new Thread(this::read, "fleet-bench-dues");
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
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        if (record.value() == null || !record.value().contains(policyId)) {
                            continue;
                        }
                        Message message = Messages.parse(record.value());
                        if (message instanceof BackupDue due) {
                            if (!List.of(OWN, OTHER).contains(due.due().account())
                                    || !due.due().table().arn().equals(record.key())
                                    || !REGIONS.contains(due.due().table().region())) {
                                wrong.incrementAndGet();
                            }
                            bySlot.computeIfAbsent(due.due().slot(), s -> new ConcurrentLinkedQueue<>())
                                    .add(due.due().table().arn());
                        }
                    }
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } catch (WakeupException closing) {
                // closed
            } finally {
                consumer.close(Duration.ofSeconds(1));
            }
        }

        void pause() {
            paused = true;
        }

        void resume() {
            paused = false;
        }

        /** The table ARNs of the slot's dues, in the order read (a table twice if it was sent twice). */
        List<String> at(Instant slot) {
            return List.copyOf(bySlot.getOrDefault(slot, new ConcurrentLinkedQueue<>()));
        }

        /** Dues with an account, a region or a key other than their table's. */
        int wrong() {
            return wrong.get();
        }

        /** Drops what was read of a slot (so that it does not count in the heap measured later). */
        void forget(Instant slot) {
            bySlot.remove(slot);
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
}
