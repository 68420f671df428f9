package io.gfsbackup.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.ArchiveFailed;
import io.gfsbackup.contracts.retention.ArchiveLocation;
import io.gfsbackup.contracts.messages.ArchiveRequested;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.PointArchived;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.ArchiveTarget;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.retention.support.BackupEvents;
import io.gfsbackup.retention.support.ChainEvents;
import io.gfsbackup.retention.support.Chains;
import io.gfsbackup.retention.support.TestKafka;
import io.gfsbackup.retention.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The archive tier on the real broker and database: the chain asks for a point's copy at its archive instant
 * (ArchiveRequested on retention-events, with the settings of the version that created the point), asks again an hour
 * after a failure, and records the copy in the point's history and the audit.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class ArchiveFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Archive ARCHIVE = new Archive(Period.ofDays(30), Set.of(Tier.M), Archive.Mode.MOVE,
            Archive.StorageClass.GLACIER_IR, new ArchiveTarget("acme-ddb-archive", "gfs", null, null, null, null, null));

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    private TestKafka kafka;
    private TestTime time;

    @AfterEach
    void disconnect() {
        kafka.close();
        time.close();
    }

    @Test
    void aMonthlyPointIsAskedForAtItsArchiveInstantAgainAfterAFailureAndItsCopyIsInItsHistory() {
        kafka = new TestKafka(bootstrapServers);
        time = new TestTime(bootstrapServers, clock);
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("archived");
        UUID chainId = Ids.chainId(policy, table.arn());
        Instant slot = time.freshDay().plus(Duration.ofHours(7));
        RetentionSettings settings = new RetentionSettings(ZoneOffset.UTC, Chains.VEEAM_KEEP, 0, ARCHIVE);
        kafka.publish(BackupEvents.created(policy, table, slot, Flags.of(Tier.D, Tier.W, Tier.M), settings));
        kafka.publish(BackupEvents.created(policy, table, slot.plus(Duration.ofHours(4)), Flags.of(Tier.D), settings));
        await().atMost(WAIT).until(() -> ChainEvents.count(chainId) == 3);
        Instant archiveAt = slot.plus(Duration.ofDays(30));

        time.set(archiveAt.minusSeconds(1));
        time.set(archiveAt);
        await().atMost(WAIT).until(() -> requests(table).size() == 1);
        ArchiveRequested first = requests(table).get(0);
        assertThat(first.point()).isEqualTo(new RestoreSource(policy, table, slot, Chains.backupArn(table, slot)));
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.occurredAt()).isEqualTo(archiveAt);
        assertThat(first.archive()).isEqualTo(ARCHIVE);

        Instant failedAt = archiveAt.plusSeconds(40);
        kafka.publish(new ArchiveFailed(ArchiveFailed.idOf(first.point(), 1), failedAt, first.point(), 1,
                "AccessDenied: s3:PutObject", "worker-1"));
        time.set(failedAt.plus(Duration.ofMinutes(59)));
        time.set(failedAt.plus(Duration.ofHours(1)));
        await().atMost(WAIT).until(() -> requests(table).size() == 2);
        assertThat(requests(table).get(1).attempt()).isEqualTo(2);
        assertThat(requests(table).get(1).occurredAt()).isEqualTo(failedAt.plus(Duration.ofHours(1)));

        Instant archivedAt = failedAt.plus(Duration.ofHours(1)).plusSeconds(30);
        ArchiveLocation location = new ArchiveLocation("acme-ddb-archive", "us-east-1", "gfs/123456789012/us-east-1/"
                + table.name() + "/x/", null);
        kafka.publish(new PointArchived(PointArchived.idOf(first.point()), archivedAt, first.point(), location,
                "arn:export", 12, "GLACIER_IR", true, "worker-1"));
        await().atMost(WAIT).until(() -> history(chainId, slot).contains("PointArchived"));

        given().header("Authorization", Tokens.auditor())
                .get("/api/v1/chains/{id}/points/{slot}/history", chainId, slot.toString())
                .then().statusCode(200)
                .body("events.type", contains("PointRecorded", "FlagUnassigned", "FlagUnassigned", "ArchiveDue",
                        "ArchiveFailed", "ArchiveDue", "PointArchived"))
                .body("events[4].description", is("archive attempt 1 failed at " + failedAt
                        + ": AccessDenied: s3:PutObject; the point stays warm and is tried again after PT1H"))
                .body("events[6].description", is("archived at " + archivedAt + " to " + location.uri()
                        + " (12 items, GLACIER_IR); warm backup deleted"));
        time.set(archivedAt.plus(Duration.ofHours(12)));
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        assertThat(requests(table)).as("no more requests once the copy is made").hasSize(2);
    }

    private static List<String> history(UUID chainId, Instant slot) {
        return given().header("Authorization", Tokens.auditor())
                .get("/api/v1/chains/{id}/points/{slot}/history", chainId, slot.toString())
                .then().statusCode(200).extract().path("events.type");
    }

    private List<ArchiveRequested> requests(TableRef table) {
        return kafka.retentionEvents(table.arn()).stream().filter(ArchiveRequested.class::isInstance)
                .map(ArchiveRequested.class::cast).toList();
    }
}
