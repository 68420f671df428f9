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

/** The CreateBackup rate the worker achieves with the cap at 50/s. Run by hand (see docs/benchmarks-worker.md). */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
@TestProfile(RateCapBenchmark.CappedAt50.class)
class RateCapBenchmark {

    static final int COUNT = Integer.getInteger("bench.count", 500);

    public static class CappedAt50 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gfs.worker.limits.create-backups-per-second", "50");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DynamoDbClient dynamo;

    @Test
    void achievedCreateRateWithTheCapAt50PerSecond() {
        ThroughputRun.throughDues(bootstrap, ThroughputRun.tables(dynamo, "cap-warm", 50));
        List<TableRef> tables = ThroughputRun.tables(dynamo, "cap", COUNT);
        ThroughputRun.Result result = ThroughputRun.throughDues(bootstrap, tables);
        System.out.printf("BENCH cap 50/s: %d backups; achieved %.1f/s first to last (%.1f%% of the cap), "
                        + "%.1f/s end to end%n", COUNT, result.perSecondBetweenFirstAndLast(),
                result.perSecondBetweenFirstAndLast() / 50 * 100, result.perSecondEndToEnd());
        ThroughputRun.assertOneBackupEach(dynamo, tables);
    }
}
