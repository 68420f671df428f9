package io.gfsbackup.worker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.KafkaTopics;
import io.gfsbackup.worker.support.Tables;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class MetricsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DynamoDbClient dynamo;

    @Inject
    MeterRegistry registry;

    @Test
    void aCreatedBackupCountsAndRecordsItsLatencyFromSlotToAvailableOnTheMetricsEndpoint() {
        double before = registry.counter("gfs.worker.backups.created").count();
        long timedBefore = registry.timer("gfs.worker.slot.to.available").count();
        TableRef table = Tables.create(dynamo, Tables.uniqueName("metrics"));
        Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        KafkaTopics.send(bootstrap, Topics.BACKUP_DUE, table.arn(),
                Messages.toJson(Dues.due(UUID.randomUUID(), table, slot, Duration.ofHours(1))));
        KafkaTopics.read(bootstrap, Topics.BACKUP_EVENTS, r -> KafkaTopics.isOutcome(r) && table.arn().equals(r.key()), 1, Duration.ofSeconds(60));

        assertThat(registry.counter("gfs.worker.backups.created").count()).isEqualTo(before + 1);
        assertThat(registry.timer("gfs.worker.slot.to.available").count()).isEqualTo(timedBefore + 1);
        assertThat(registry.timer("gfs.worker.slot.to.available").max(java.util.concurrent.TimeUnit.SECONDS))
                .isGreaterThanOrEqualTo(30);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("gfs_worker_backups_created_total", "gfs_worker_backups_failed_total",
                "gfs_worker_calls_retried_total", "gfs_worker_backups_deleted_total",
                "gfs_worker_slot_to_available_seconds_count");
    }
}
