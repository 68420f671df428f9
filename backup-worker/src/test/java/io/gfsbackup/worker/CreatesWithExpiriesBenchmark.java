package io.gfsbackup.worker;

import static org.assertj.core.api.Assertions.assertThat;

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

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.persistence.DynamoDbLedger;
import io.gfsbackup.worker.persistence.LedgerEntry;
import io.gfsbackup.worker.support.CpuMeter;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.ThroughputRun;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;

/**
 * A slot of N creates (start window PT5M) once alone and once coinciding with N expiries, caps 50/s and 10/s, in
 * one run (after a warm-up slot with expiries): how long the creates take each time, whether every one is inside its
 * window, and the CPU of each phase.
 * Run by hand (see docs/benchmarks-worker.md).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
@TestProfile(CreatesWithExpiriesBenchmark.Caps.class)
class CreatesWithExpiriesBenchmark {

    static final int COUNT = Integer.getInteger("bench.count", 5000);
    static final int WARM_UP = Integer.getInteger("bench.warm-up", 200);
    static final Duration WINDOW = Duration.ofMinutes(5);

    public static class Caps implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gfs.worker.limits.create-backups-per-second", "50",
                    "gfs.worker.limits.delete-backups-per-second", "10");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.dynamodb.endpoint-override")
    URI moto;

    @ConfigProperty(name = "gfs.worker.ledger.table")
    String ledgerTable;

    @Inject
    DynamoDbClient dynamo;

    @Test
    void aSlotOfCreatesTakesAsLongWithExpiriesAsWithout() {
        slot(ThroughputRun.tables(dynamo, "warm", WARM_UP), oldPoints(ThroughputRun.tables(dynamo, "warm-old", WARM_UP)));
        List<TableRef> alone = ThroughputRun.tables(dynamo, "alone", COUNT);
        List<TableRef> together = ThroughputRun.tables(dynamo, "together", COUNT);
        List<PointExpired> expiries = oldPoints(ThroughputRun.tables(dynamo, "old", COUNT));
        System.out.printf("BENCH set up %d + %d tables and %d old points%n", COUNT, COUNT, COUNT);

        Phase first = slot(alone, List.of());
        System.out.println("BENCH creates alone: " + first);
        Phase second = slot(together, expiries);
        System.out.println("BENCH creates with " + COUNT + " expiries: " + second);
        System.out.printf("BENCH with expiries / alone: %.3f%n", second.createSeconds() / first.createSeconds());

        assertThat(first.insideWindow()).isEqualTo(COUNT);
        assertThat(second.insideWindow()).isEqualTo(COUNT);
        ThroughputRun.assertOneBackupEach(dynamo, alone);
        ThroughputRun.assertOneBackupEach(dynamo, together);
    }

    /** One backup per table, recorded in the ledger as this system's, 40 days old: expiring them is legitimate. */
    private List<PointExpired> oldPoints(List<TableRef> tables) {
        DynamoDbLedger ledger = new DynamoDbLedger(dynamo, ledgerTable);
        UUID policyId = UUID.randomUUID();
        Instant slot = Instant.now().minus(Duration.ofDays(40)).truncatedTo(ChronoUnit.SECONDS);
        List<PointExpired> expiries = new ArrayList<>();
        for (TableRef table : tables) {
            BackupDue due = Dues.due(policyId, table, slot, WINDOW);
            BackupDetails backup = dynamo.createBackup(b -> b.tableName(table.name()).backupName(table.name() + "-old"))
                    .backupDetails();
            ledger.claim(LedgerEntry.claimed(due.due(), "bench", null).created(backup.backupArn(),
                    backup.backupName(), 0, slot, 1, slot));
            expiries.add(Dues.expired(policyId, table, slot, backup.backupArn(), backup.backupName(), Instant.now()));
        }
        return expiries;
    }

    /** What one slot cost: creates' completion, how many inside the window, deletions done meanwhile, CPU. */
    record Phase(int creates, double createSeconds, int insideWindow, int deletedMeanwhile, CpuMeter.Cost cost) {
        @Override
        public String toString() {
            return String.format("%d creates in %.1f s (%.1f/s), %d inside the window, %d deletions meanwhile; %s",
                    creates, createSeconds, creates / createSeconds, insideWindow, deletedMeanwhile, cost);
        }
    }

    /** Sends the expiries, then the slot's dues at once, and waits for every BackupCreated. */
    private Phase slot(List<TableRef> tables, List<PointExpired> expiries) {
        Set<String> waiting = new HashSet<>();
        int inside = 0;
        int deleted = 0;
        try (KafkaConsumer<String, String> consumer = ThroughputRun.outcomesFromNow(bootstrap);
             KafkaProducer<String, String> producer = ThroughputRun.producer(bootstrap)) {
            CpuMeter meter = CpuMeter.start(Map.of("moto", moto));
            long start = System.nanoTime();
            for (PointExpired expired : expiries) {
                producer.send(new ProducerRecord<>(Topics.RETENTION_EVENTS, expired.table().arn(),
                        Messages.toJson(expired)));
            }
            Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            UUID policyId = UUID.randomUUID();
            for (TableRef table : tables) {
                BackupDue due = Dues.due(policyId, table, slot, WINDOW);
                waiting.add(due.id().toString());
                producer.send(new ProducerRecord<>(Topics.BACKUP_DUE, table.arn(), Messages.toJson(due)));
            }
            producer.flush();
            long last = start;
            long deadline = System.nanoTime() + WINDOW.multipliedBy(3).toNanos();
            while (!waiting.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    Message message = Messages.parse(record.value());
                    if (message instanceof BackupCreated created && waiting.remove(created.due().dueId().toString())) {
                        last = System.nanoTime();
                        if (created.createdAt().isBefore(created.due().startWindowEnd())) {
                            inside++;
                        }
                    } else if (message instanceof BackupDeleted) {
                        deleted++;
                    }
                }
            }
            assertThat(waiting).as("dues without a BackupCreated").isEmpty();
            return new Phase(tables.size(), (last - start) / 1e9, inside, deleted, meter.stop(tables.size()));
        }
    }
}
