package io.gfsbackup.worker.support;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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

    /** One round's throughputs, per second, and what each phase cost in CPU. */
    public record Round(int count, double plain, CpuMeter.Cost plainCost, double plainWithLedger,
                        CpuMeter.Cost plainWithLedgerCost, Result worker, CpuMeter.Cost workerCost) {

        public String describe() {
            return String.format("%d backups; plain SDK loop %.1f/s; plain loop with the two ledger writes %.1f/s; "
                            + "worker due->BackupCreated %.1f/s end to end (%.2f of the plain loop, %.2f of the loop "
                            + "with ledger writes), %.1f/s first to last%n  CPU, plain loop: %s%n  CPU, loop with "
                            + "ledger writes: %s%n  CPU, worker: %s", count, plain, plainWithLedger,
                    worker.perSecondEndToEnd(), worker.perSecondEndToEnd() / plain,
                    worker.perSecondEndToEnd() / plainWithLedger, worker.perSecondBetweenFirstAndLast(), plainCost,
                    plainWithLedgerCost, workerCost);
        }
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
        CpuMeter meter = CpuMeter.start(motos);
        double plain = plainLoop(dynamo, plainTables);
        CpuMeter.Cost plainCost = meter.stop(count);
        meter = CpuMeter.start(motos);
        double plainWithLedger = plainLoopWithLedgerWrites(dynamo, ledger, ledgerTable, ledgerLoopTables);
        CpuMeter.Cost plainWithLedgerCost = meter.stop(count);
        meter = CpuMeter.start(motos);
        Result worker = throughDues(bootstrap, dueTables);
        CpuMeter.Cost workerCost = meter.stop(count);
        return new Round(count, plain, plainCost, plainWithLedger, plainWithLedgerCost, worker, workerCost);
    }

    /** What one run of dues through the worker achieved. */
    public record Result(int count, double perSecondEndToEnd, double perSecondBetweenFirstAndLast) {
    }

    /** Sends one due per table and waits for every BackupCreated. */
    public static Result throughDues(String bootstrap, List<TableRef> tables) {
        Set<String> waiting = new HashSet<>();
        List<Long> arrivals = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new StringDeserializer());
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5),
                     new StringSerializer(), new StringSerializer())) {
            consumer.subscribe(List.of(Topics.BACKUP_EVENTS));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            UUID policyId = UUID.randomUUID();
            long start = System.nanoTime();
            for (TableRef table : tables) {
                BackupDue due = Dues.due(policyId, table, slot, Duration.ofHours(1));
                waiting.add(due.id().toString());
                producer.send(new ProducerRecord<>(Topics.BACKUP_DUE, table.arn(), Messages.toJson(due)));
            }
            producer.flush();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    Message message = Messages.parse(record.value());
                    if (message instanceof BackupCreated created && waiting.remove(created.due().dueId().toString())) {
                        arrivals.add(System.nanoTime());
                    }
                }
            }
            if (!waiting.isEmpty()) {
                throw new IllegalStateException(waiting.size() + " dues had no BackupCreated after 5 minutes");
            }
            double endToEnd = tables.size() / seconds(arrivals.get(arrivals.size() - 1) - start);
            double firstToLast = (arrivals.size() - 1) / seconds(arrivals.get(arrivals.size() - 1) - arrivals.get(0));
            return new Result(tables.size(), endToEnd, firstToLast);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
