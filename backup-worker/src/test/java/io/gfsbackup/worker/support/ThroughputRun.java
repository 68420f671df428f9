package io.gfsbackup.worker.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;

/** Measures the worker and a plain SDK loop against the same moto, for the benchmarks. */
public final class ThroughputRun {

    private ThroughputRun() {
    }

    public static List<TableRef> tables(DynamoDbClient dynamo, String prefix, int count) {
        List<TableRef> tables = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tables.add(Tables.create(dynamo, Tables.uniqueName(prefix)));
        }
        return tables;
    }

    /** Backups per second of a plain loop of CreateBackup calls, one per table. */
    public static double plainLoop(DynamoDbClient dynamo, List<TableRef> tables) {
        long start = System.nanoTime();
        for (TableRef table : tables) {
            dynamo.createBackup(b -> b.tableName(table.name()).backupName(table.name() + "-plain"));
        }
        return tables.size() / seconds(System.nanoTime() - start);
    }

    /**
     * Backups per second of a plain loop doing the same DynamoDB calls the worker makes per backup (claim PutItem,
     * CreateBackup, outcome PutItem), without Kafka: the cost of the ledger alone. The two ledger writes go through
     * {@code ledger} (the same client as {@code dynamo}, or the ledger's own), CreateBackup through {@code dynamo}.
     */
    public static double plainLoopWithLedgerWrites(DynamoDbClient dynamo, DynamoDbClient ledger, String ledgerTable,
                                                   List<TableRef> tables) {
        long start = System.nanoTime();
        for (TableRef table : tables) {
            String key = UUID.randomUUID().toString();
            ledger.putItem(b -> b.tableName(ledgerTable).item(Map.of("dueId", AttributeValue.fromS(key),
                    "state", AttributeValue.fromS("CLAIMED"))).conditionExpression("attribute_not_exists(dueId)"));
            String arn = dynamo.createBackup(b -> b.tableName(table.name()).backupName(table.name() + "-plain3"))
                    .backupDetails().backupArn();
            ledger.putItem(b -> b.tableName(ledgerTable).item(Map.of("dueId", AttributeValue.fromS(key),
                    "state", AttributeValue.fromS("CREATED"), "backupArn", AttributeValue.fromS(arn))));
        }
        return tables.size() / seconds(System.nanoTime() - start);
    }

    /**
     * Warms both paths up before anything is measured: {@code count} plain CreateBackup calls, {@code count} rounds
     * of the loop with ledger writes and {@code count} dues through the worker, in batches of at most 300. A fresh
     * JVM is still compiling the code of a path for its first thousand or so calls (the JIT compiler took a large
     * share of the two cores in short runs), so a short warm-up measures the compiler, not the worker.
     */
    public static void warmUp(DynamoDbClient dynamo, DynamoDbClient ledger, String ledgerTable, String bootstrap,
                              int count) {
        for (int done = 0; done < count; done += 300) {
            int batch = Math.min(300, count - done);
            plainLoop(dynamo, tables(dynamo, "warm-plain", batch));
            plainLoopWithLedgerWrites(dynamo, ledger, ledgerTable, tables(dynamo, "warm-plain3", batch));
            throughDues(bootstrap, tables(dynamo, "warm-due", batch));
        }
    }

    /** What a phase gave, and the CPU it cost. */
    public record Measured<T>(T value, CpuMeter.Cost cost) {
    }

    /**
     * One round: throughputs per second and the CPU each phase cost, and the tables each phase backed up (one backup
     * each).
     */
    public record Round(int count, Measured<Double> plain, Measured<Double> plainWithLedger, Measured<Result> worker,
                        List<TableRef> tables) {

        public String describe() {
            double workerRate = worker.value().perSecondEndToEnd();
            return String.format("%d backups; plain SDK loop %.1f/s; plain loop with the two ledger writes %.1f/s; "
                            + "worker due->BackupCreated %.1f/s end to end (%.2f of the plain loop, %.2f of the loop "
                            + "with ledger writes), %.1f/s first to last%n  CPU, plain loop: %s%n  CPU, loop with "
                            + "ledger writes: %s%n  CPU, worker: %s", count, plain.value(), plainWithLedger.value(),
                    workerRate, workerRate / plain.value(), workerRate / plainWithLedger.value(),
                    worker.value().perSecondBetweenFirstAndLast(), plain.cost(), plainWithLedger.cost(),
                    worker.cost());
        }
    }

    /**
     * The uncapped comparison: {@code warmUp} calls of each path, then {@code rounds} rounds of {@code count}
     * backups (see {@link #round}), each printed as a {@code BENCH} line with {@code label}.
     */
    public static List<Round> uncapped(String label, DynamoDbClient dynamo, DynamoDbClient ledger, String ledgerTable,
                                       String bootstrap, Map<String, URI> motos, int warmUp, int rounds, int count) {
        warmUp(dynamo, ledger, ledgerTable, bootstrap, warmUp);
        List<Round> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Round result = round(dynamo, ledger, ledgerTable, bootstrap, motos, count);
            System.out.printf("BENCH %s round %d: %s%n", label, round, result.describe());
            results.add(result);
        }
        return results;
    }

    /**
     * One measured round: a plain CreateBackup loop, the loop with the two ledger writes (through {@code ledger}),
     * and {@code count} dues through the worker, each on tables of its own, one after the other, each with the CPU
     * it cost this JVM and the moto servers named in {@code motos}.
     */
    public static Round round(DynamoDbClient dynamo, DynamoDbClient ledger, String ledgerTable, String bootstrap,
                              Map<String, URI> motos, int count) {
        List<TableRef> plainTables = tables(dynamo, "plain", count);
        List<TableRef> ledgerLoopTables = tables(dynamo, "plain3", count);
        List<TableRef> dueTables = tables(dynamo, "due", count);
        Measured<Double> plain = measure(motos, count, () -> plainLoop(dynamo, plainTables));
        Measured<Double> plainWithLedger = measure(motos, count,
                () -> plainLoopWithLedgerWrites(dynamo, ledger, ledgerTable, ledgerLoopTables));
        Measured<Result> worker = measure(motos, count, () -> throughDues(bootstrap, dueTables));
        List<TableRef> all = new ArrayList<>(plainTables);
        all.addAll(ledgerLoopTables);
        all.addAll(dueTables);
        return new Round(count, plain, plainWithLedger, worker, all);
    }

    private static <T> Measured<T> measure(Map<String, URI> motos, int count, Supplier<T> phase) {
        CpuMeter meter = CpuMeter.start(motos);
        T value = phase.get();
        return new Measured<>(value, meter.stop(count));
    }

    /**
     * Checks that the rounds measured what they claim: every table of every phase has exactly one backup, and every
     * phase ran at a positive rate.
     */
    public static void assertEveryBackupMade(DynamoDbClient dynamo, List<Round> rounds) {
        for (Round round : rounds) {
            assertThat(round.tables()).as("tables of the round").hasSize(3 * round.count());
            assertOneBackupEach(dynamo, round.tables());
            assertThat(List.of(round.plain().value(), round.plainWithLedger().value(),
                    round.worker().value().perSecondEndToEnd())).as("rates per second").allSatisfy(rate ->
                    assertThat(rate).isPositive().isFinite());
        }
    }

    /** Checks that each of {@code tables} has exactly one user backup in moto. */
    public static void assertOneBackupEach(DynamoDbClient dynamo, List<TableRef> tables) {
        Map<String, Long> backupsPerTable = new HashMap<>();
        String start = null;
        do {
            String from = start;
            ListBackupsResponse page = dynamo.listBackups(b -> b.backupType(BackupTypeFilter.USER)
                    .exclusiveStartBackupArn(from));
            page.backupSummaries().forEach(backup -> backupsPerTable.merge(backup.tableName(), 1L, Long::sum));
            start = page.lastEvaluatedBackupArn();
        } while (start != null);
        assertThat(tables).allSatisfy(table -> assertThat(backupsPerTable.get(table.name()))
                .as("backups of %s", table.name()).isEqualTo(1L));
    }

    /** What one run of dues through the worker achieved. */
    public record Result(int count, double perSecondEndToEnd, double perSecondBetweenFirstAndLast) {
    }

    /** A consumer of {@code backup-events} that reads only what comes from now on. */
    public static KafkaConsumer<String, String> outcomesFromNow(String bootstrap) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.BACKUP_EVENTS));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
        return consumer;
    }

    /** A producer that batches a little, for sending many messages at once. */
    public static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer());
    }

    /** Sends one due per table and waits for every BackupCreated. */
    public static Result throughDues(String bootstrap, List<TableRef> tables) {
        UUID policyId = UUID.randomUUID();
        Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return throughDues(bootstrap, tables.stream().map(table -> Dues.due(policyId, table, slot,
                Duration.ofHours(1))).toList()).result();
    }

    /**
     * When each BackupCreated of a run came, in {@link System#nanoTime()}, by due id, and when the run started (before
     * the first due was sent).
     */
    public record Arrivals(long start, Map<String, Long> at, Map<String, BackupCreated> created) {

        /** First to last and end to end, over all dues or over {@code dueIds}. */
        public Result result(Collection<String> dueIds) {
            long[] times = dueIds.stream().mapToLong(at::get).sorted().toArray();
            long last = times[times.length - 1];
            return new Result(times.length, times.length / seconds(last - start),
                    (times.length - 1) / seconds(last - times[0]));
        }

        public Result result() {
            return result(at.keySet());
        }
    }

    /**
     * Sends {@code dues} in their order and waits for every BackupCreated: at most 5 minutes, and one more for every
     * 300 dues (as long as they take at 5/s).
     */
    public static Arrivals throughDues(String bootstrap, Collection<BackupDue> dues) {
        Set<String> waiting = new HashSet<>();
        Map<String, Long> arrivals = new HashMap<>();
        Map<String, BackupCreated> created = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = outcomesFromNow(bootstrap);
             KafkaProducer<String, String> producer = producer(bootstrap)) {
            long start = System.nanoTime();
            for (BackupDue due : dues) {
                waiting.add(due.id().toString());
                producer.send(new ProducerRecord<>(Topics.BACKUP_DUE, due.due().table().arn(), Messages.toJson(due)));
            }
            producer.flush();
            Duration wait = Duration.ofMinutes(5).plusMinutes(dues.size() / 300);
            long deadline = System.nanoTime() + wait.toNanos();
            while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    Message message = Messages.parse(record.value());
                    if (message instanceof BackupCreated done && waiting.remove(done.due().dueId().toString())) {
                        arrivals.put(done.due().dueId().toString(), System.nanoTime());
                        created.put(done.due().dueId().toString(), done);
                    }
                }
            }
            if (!waiting.isEmpty()) {
                throw new IllegalStateException(waiting.size() + " dues had no BackupCreated after " + wait);
            }
            return new Arrivals(start, arrivals, created);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
