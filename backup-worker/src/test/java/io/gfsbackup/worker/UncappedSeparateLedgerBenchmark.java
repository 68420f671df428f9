package io.gfsbackup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

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

    @ConfigProperty(name = "quarkus.dynamodb.endpoint-override")
    URI moto;

    /** Optional only because Quarkus checks every test class's config injections in every profile. */
    @ConfigProperty(name = "gfs.worker.ledger.endpoint-override")
    Optional<URI> ledgerMoto;

    @Test
    void workerThroughputWithTheLedgerOnItsOwnEndpointComparedWithAPlainSdkLoop() {
        Map<String, URI> motos = new LinkedHashMap<>();
        motos.put("moto of the tables", moto);
        motos.put("moto of the ledger", ledgerMoto.orElseThrow());
        List<ThroughputRun.Round> rounds = ThroughputRun.uncapped("uncapped, ledger on its own moto,", dynamo,
                ledger.client(), ledgerTable, bootstrap, motos, UncappedThroughputBenchmark.WARM_UP,
                UncappedThroughputBenchmark.ROUNDS, UncappedThroughputBenchmark.COUNT);
        assertThat(rounds).hasSize(UncappedThroughputBenchmark.ROUNDS);
        ThroughputRun.assertEveryBackupMade(dynamo, rounds);
    }
}
