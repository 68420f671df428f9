package io.gfsbackup.worker;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.support.ThroughputRun;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Due to BackupCreated throughput with the rate cap off, next to a plain loop of SDK CreateBackup calls against the
 * same moto in the same run, with the ledger on that moto too (the default). {@link UncappedSeparateLedgerBenchmark}
 * measures the same with the ledger on a moto of its own. Run by hand (see docs/benchmarks-worker.md).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
@TestProfile(UncappedThroughputBenchmark.Uncapped.class)
class UncappedThroughputBenchmark {

    static final int COUNT = Integer.getInteger("bench.count", 300);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    public static class Uncapped implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gfs.worker.limits.create-backups-per-second", "0");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DynamoDbClient dynamo;

    @ConfigProperty(name = "gfs.worker.ledger.table")
    String ledgerTable;

    @Test
    void workerThroughputWithTheCapOffComparedWithAPlainSdkLoop() {
        // warm-up of both paths
        ThroughputRun.plainLoop(dynamo, ThroughputRun.tables(dynamo, "warm-plain", 50));
        ThroughputRun.throughDues(bootstrap, ThroughputRun.tables(dynamo, "warm-due", 50));
        for (int round = 1; round <= ROUNDS; round++) {
            List<TableRef> plainTables = ThroughputRun.tables(dynamo, "plain", COUNT);
            List<TableRef> dueTables = ThroughputRun.tables(dynamo, "due", COUNT);
            List<TableRef> ledgerLoopTables = ThroughputRun.tables(dynamo, "plain3", COUNT);
            double plain = ThroughputRun.plainLoop(dynamo, plainTables);
            double plainWithLedger = ThroughputRun.plainLoopWithLedgerWrites(dynamo, ledgerTable, ledgerLoopTables);
            ThroughputRun.Result worker = ThroughputRun.throughDues(bootstrap, dueTables);
            System.out.printf("BENCH uncapped round %d: %d backups; plain SDK loop %.1f/s; plain loop with the two "
                            + "ledger writes %.1f/s; worker due->BackupCreated %.1f/s end to end (%.2f of the plain "
                            + "loop, %.2f of the loop with ledger writes), %.1f/s first to last%n", round, COUNT, plain,
                    plainWithLedger, worker.perSecondEndToEnd(), worker.perSecondEndToEnd() / plain,
                    worker.perSecondEndToEnd() / plainWithLedger, worker.perSecondBetweenFirstAndLast());
        }
    }
}
