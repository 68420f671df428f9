package io.gfsbackup.worker.support;

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
     * CreateBackup, outcome PutItem), without Kafka: the cost of the ledger alone.
     */
    public static double plainLoopWithLedgerWrites(DynamoDbClient dynamo, String ledgerTable, List<TableRef> tables) {
        return plainLoopWithLedgerWrites(dynamo, dynamo, ledgerTable, tables);
    }

    /**
     * As {@link #plainLoopWithLedgerWrites(DynamoDbClient, String, List)}, with the two ledger writes going through
     * {@code ledger} (the ledger on an endpoint of its own) and CreateBackup through {@code dynamo}.
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
