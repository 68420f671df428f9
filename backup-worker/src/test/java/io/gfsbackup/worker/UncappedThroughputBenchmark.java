package io.gfsbackup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

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
    static final int WARM_UP = Integer.getInteger("bench.warm-up", 1200);

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

    @ConfigProperty(name = "quarkus.dynamodb.endpoint-override")
    URI moto;

    @Test
    void workerThroughputWithTheCapOffComparedWithAPlainSdkLoop() {
        List<ThroughputRun.Round> rounds = ThroughputRun.uncapped("uncapped", dynamo, dynamo, ledgerTable, bootstrap,
                Map.of("moto", moto), WARM_UP, ROUNDS, COUNT);
        assertThat(rounds).hasSize(ROUNDS);
        ThroughputRun.assertEveryBackupMade(dynamo, rounds);
    }
}
