package io.gfsbackup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.config.WorkerConfig;
import io.gfsbackup.worker.persistence.DynamoDbLedger;
import io.gfsbackup.worker.service.BackupCreation;
import io.gfsbackup.worker.service.ClaimKeeper;
import io.gfsbackup.worker.service.RetryPolicy;
import io.gfsbackup.worker.service.TableLocks;
import io.gfsbackup.worker.service.WorkerMetrics;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.Tables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Two worker instances (each its own handling core, ledger client and table locks, as two processes would have)
 * racing on the same due against the same moto and ledger table.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class TwoWorkersTest {

    @Inject
    DynamoDbClient dynamo;

    @Inject
    WorkerConfig config;

    @Inject
    AwsClients clients;

    private BackupCreation worker(String id) {
        WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());
        DynamoDbLedger ledger = new DynamoDbLedger(dynamo, config.ledger().table());
        ledger.ensureTable();
        return new BackupCreation(ledger, clients, Clock.systemUTC(), new TableLocks(),
                new RetryPolicy(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofSeconds(10), metrics),
                metrics, id, new ClaimKeeper(ledger, Clock.systemUTC(), Duration.ofSeconds(30)), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMinutes(1));
    }

    @Test
    void twoWorkersRacingOnTheSameDueMakeOneBackupAndReturnTheSameOutcome() throws Exception {
        BackupCreation first = worker("worker-a");
        BackupCreation second = worker("worker-b");
        for (int round = 0; round < 5; round++) {
            TableRef table = Tables.create(dynamo, Tables.uniqueName("race"));
            BackupDue due = Dues.due(UUID.randomUUID(), table, Instant.now().truncatedTo(ChronoUnit.SECONDS), Duration.ofHours(1));
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<Message> a = pool.submit(() -> {
                go.await();
                return first.handle(due);
            });
            Future<Message> b = pool.submit(() -> {
                go.await();
                return second.handle(due);
            });
            go.countDown();
            Message fromA = a.get();
            Message fromB = b.get();
            pool.shutdown();

            assertThat(fromA).isInstanceOf(BackupCreated.class).isEqualTo(fromB);
            List<String> backups = Tables.backups(dynamo, table.name()).stream().map(s -> s.backupArn()).toList();
            assertThat(backups).containsExactly(((BackupCreated) fromA).backupArn());
        }
    }
}
