package io.gfsbackup.worker;

import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.persistence.LedgerClient;
import io.gfsbackup.worker.support.LedgerMotoResource;
import io.gfsbackup.worker.support.ThroughputRun;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * As {@link UncappedThroughputBenchmark}, with the ledger on a moto process of its own
 * ({@code gfs.worker.ledger.endpoint-override}): the backups, and the plain CreateBackup loop, stay on the shared
 * moto, so only CreateBackup (and the wait for AVAILABLE) competes with the plain loop for that process. Run by
 * hand, together with {@link UncappedThroughputBenchmark} (see docs/benchmarks-worker.md).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
@WithTestResource(LedgerMotoResource.class)
@TestProfile(UncappedThroughputBenchmark.Uncapped.class)
class UncappedSeparateLedgerBenchmark {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DynamoDbClient dynamo;

    /** The worker's own ledger client, on the second moto: the plain loop's ledger writes go where the worker's do. */
    @Inject
    LedgerClient ledger;

    @ConfigProperty(name = "gfs.worker.ledger.table")
    String ledgerTable;

    @Test
    void workerThroughputWithTheLedgerOnItsOwnEndpointComparedWithAPlainSdkLoop() {
        ThroughputRun.plainLoop(dynamo, ThroughputRun.tables(dynamo, "warm-plain", 50));
        ThroughputRun.throughDues(bootstrap, ThroughputRun.tables(dynamo, "warm-due", 50));
        for (int round = 1; round <= UncappedThroughputBenchmark.ROUNDS; round++) {
            int count = UncappedThroughputBenchmark.COUNT;
            List<TableRef> plainTables = ThroughputRun.tables(dynamo, "plain", count);
            List<TableRef> dueTables = ThroughputRun.tables(dynamo, "due", count);
            List<TableRef> ledgerLoopTables = ThroughputRun.tables(dynamo, "plain3", count);
            double plain = ThroughputRun.plainLoop(dynamo, plainTables);
            double plainWithLedger = ThroughputRun.plainLoopWithLedgerWrites(dynamo, ledger.client(), ledgerTable,
                    ledgerLoopTables);
            ThroughputRun.Result worker = ThroughputRun.throughDues(bootstrap, dueTables);
            System.out.printf("BENCH uncapped, ledger on its own moto, round %d: %d backups; plain SDK loop %.1f/s; "
                            + "plain loop with the two ledger writes on the ledger's moto %.1f/s; worker "
                            + "due->BackupCreated %.1f/s end to end (%.2f of the plain loop, %.2f of the loop with "
                            + "ledger writes), %.1f/s first to last%n", round, count, plain, plainWithLedger,
                    worker.perSecondEndToEnd(), worker.perSecondEndToEnd() / plain,
                    worker.perSecondEndToEnd() / plainWithLedger, worker.perSecondBetweenFirstAndLast());
        }
    }
}
