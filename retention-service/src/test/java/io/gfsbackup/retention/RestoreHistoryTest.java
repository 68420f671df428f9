package io.gfsbackup.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.RestoreEnded;
import io.gfsbackup.contracts.messages.RestoreOptions;
import io.gfsbackup.contracts.messages.RestoreRequested;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.RestoreStarted;
import io.gfsbackup.contracts.messages.RestoreTestResult;
import io.gfsbackup.contracts.messages.RestoreTestRun;
import io.gfsbackup.contracts.messages.ScratchTableDropped;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.RestoreValidation;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.messaging.DeadLetters;
import io.gfsbackup.retention.support.BackupEvents;
import io.gfsbackup.retention.support.ChainEvents;
import io.gfsbackup.retention.support.Chains;
import io.gfsbackup.retention.support.TestKafka;
import io.gfsbackup.retention.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Restores on backup-events, on the real broker and database: recorded in the point's chain as history (its events,
 * the point's history, the audit replay), never as a retention decision.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class RestoreHistoryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    private TestKafka kafka;
    private TestTime time;
    private UUID policy;
    private TableRef table;
    private UUID chainId;
    private Instant slot;

    @BeforeEach
    void recordAPoint() {
        kafka = new TestKafka(bootstrapServers);
        time = new TestTime(bootstrapServers, clock);
        policy = UUID.randomUUID();
        table = Chains.uniqueTable("restored");
        chainId = Ids.chainId(policy, table.arn());
        slot = time.freshDay().plus(Duration.ofHours(7));
        kafka.publish(BackupEvents.created(policy, table, slot, Flags.of(Tier.D), Chains.veeam(0)));
        await().atMost(WAIT).until(() -> ChainEvents.count(chainId) == 2);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
        time.close();
    }

    @Test
    void aRestoreAppearsInThePointsHistoryWithWhoAskedTheTargetTheWorkerTheOutcomeAndTheTimeToRestore() {
        Instant asked = slot.plus(Duration.ofHours(1));
        RestoreRequested request = BackupEvents.restoreRequested(policy, table, slot, "orders-restored", "alice",
                asked);
        Instant start = asked.plusSeconds(5);
        kafka.publish(RestoreStarted.of(request, "worker-1", start));
        kafka.publish(RestoreEnded.completed(request, start.plusSeconds(1), start.plus(Duration.ofMinutes(9)),
                List.of("TTL not re-applied: the source table has none"), null, start.plus(Duration.ofMinutes(10))));
        await().atMost(WAIT).until(() -> ChainEvents.count(chainId) == 4);

        given().header("Authorization", Tokens.auditor())
                .get("/api/v1/chains/{id}/points/{slot}/history", chainId, slot.toString())
                .then().statusCode(200)
                .body("events.type", contains("PointRecorded", "RestoreStarted", "RestoreEnded"))
                .body("events[1].at", is(start.toString()))
                .body("events[1].description", is("restore " + request.restoreId() + " to "
                        + request.target().arn() + " started at " + start + " by worker-1, asked by alice at "
                        + asked))
                .body("events[2].description", is("restore " + request.restoreId() + " to "
                        + request.target().arn() + " completed at " + start.plus(Duration.ofMinutes(10))
                        + " (ACTIVE after PT8M59S); warnings: TTL not re-applied: the source table has none"))
                .body("events[2].payload.timeToRestore", is("PT8M59S"))
                .body("point.restores", hasSize(1))
                .body("point.restores[0].restoreId", is(request.restoreId().toString()))
                .body("point.restores[0].requestedBy", is("alice"))
                .body("point.restores[0].requestedAt", is(asked.toString()))
                .body("point.restores[0].targetArn", is(request.target().arn()))
                .body("point.restores[0].startedBy", is("worker-1"))
                .body("point.restores[0].startedAt", is(start.toString()))
                .body("point.restores[0].outcome", is("COMPLETED"))
                .body("point.restores[0].timeToRestore", is("PT8M59S"))
                .body("point.restores[0].test", is(false))
                .body("point.remainingFlags", contains("D"))
                .body("point.alive", is(true));
        given().header("Authorization", Tokens.viewer()).get("/api/v1/chains/{id}", chainId)
                .then().statusCode(200)
                .body("nextDueAt", is(slot.plus(Duration.ofDays(3)).toString()));
    }

    @Test
    void theAuditReplayShowsARestoreOnlyFromItsStartAndItsEndOnlyFromWhenItEnded() {
        RestoreRequested request = BackupEvents.restoreRequested(policy, table, slot, "orders-asof", "bob",
                slot.plus(Duration.ofHours(2)));
        Instant start = slot.plus(Duration.ofHours(3));
        Instant end = start.plus(Duration.ofMinutes(20));
        kafka.publish(RestoreStarted.of(request, "worker-2", start));
        kafka.publish(RestoreEnded.failed(request, start, "RestoreTableFromBackup: table already exists", end));
        await().atMost(WAIT).until(() -> ChainEvents.count(chainId) == 4);

        asOf(start.minusSeconds(1)).body("points[0].restores", empty());
        asOf(start).body("points[0].restores[0].startedBy", is("worker-2"))
                .body("points[0].restores[0].outcome", nullValue());
        asOf(end.minusSeconds(1)).body("points[0].restores[0].outcome", nullValue());
        asOf(end).body("points[0].restores[0].outcome", is("FAILED"))
                .body("points[0].restores[0].error", is("RestoreTableFromBackup: table already exists"))
                .body("points[0].restores[0].timeToRestore", nullValue());
        given().header("Authorization", Tokens.auditor()).get("/api/v1/chains/{id}/events", chainId)
                .then().statusCode(200)
                .body("type", contains("ChainOpened", "PointRecorded", "RestoreStarted", "RestoreEnded"))
                .body("[3].description", is("restore " + request.restoreId() + " to " + request.target().arn()
                        + " failed at " + end + ": RestoreTableFromBackup: table already exists"));
    }

    @Test
    void aPointExpiresAtItsInstantWhileARestoreOfItRunsAndTheTestsEndIsRecordedAfter() {
        Instant asked = slot.plus(Duration.ofDays(2));
        RestoreRequested request = RestoreRequested.of(UUID.randomUUID(), new RestoreSource(policy, table, slot,
                        Chains.backupArn(table, slot)), Chains.table("gfs-scratch-" + table.name()),
                RestoreOptions.NONE, "operations", asked,
                new RestoreTestRun(policy, 1, asked, 42L, RestoreValidation.DEFAULT, Duration.ZERO));
        kafka.publish(RestoreStarted.of(request, "worker-1", asked.plusSeconds(1)));
        await().atMost(WAIT).until(() -> ChainEvents.count(chainId) == 3);

        Instant expiry = slot.plus(Duration.ofDays(3));
        time.set(expiry);
        await().atMost(WAIT).until(() -> kafka.retentionEvents(table.arn()).size() == 2);
        PointExpired expired = (PointExpired) kafka.retentionEvents(table.arn()).get(1);
        assertThat(expired.at()).isEqualTo(expiry);

        Instant end = expiry.plus(Duration.ofMinutes(30));
        kafka.publish(RestoreEnded.completed(request, asked.plusSeconds(2), asked.plus(Duration.ofMinutes(4)),
                List.of(), new RestoreTestResult(false, 100, 80, 0.1, 10, 10, "80 items scanned, not within 0.1 of 100",
                        end), end));
        await().atMost(WAIT).until(() -> ChainEvents.count(chainId) == 6);
        given().header("Authorization", Tokens.auditor())
                .get("/api/v1/chains/{id}/points/{slot}/history", chainId, slot.toString())
                .then().statusCode(200)
                .body("events.type", contains("PointRecorded", "RestoreStarted", "FlagUnassigned", "PointExpired",
                        "RestoreEnded"))
                .body("events[4].description", containsString("restore test " + request.restoreId()))
                .body("events[4].description", containsString("failed at " + end + " (ACTIVE after PT3M58S): "
                        + "validation failed: 80 items scanned, not within 0.1 of 100"))
                .body("events[4].description", containsString("; validation failed: 80 items scanned of 100 "
                        + "expected (tolerance 0.1), 10 of 10 sampled items read back"))
                .body("point.expiredAt", is(expiry.toString()))
                .body("point.restores[0].test", is(true))
                .body("point.restores[0].outcome", is("FAILED"));
    }

    @Test
    void aRedeliveredRestoreMessageChangesNothing() {
        RestoreRequested request = BackupEvents.restoreRequested(policy, table, slot, "orders-twice", "carol",
                slot.plus(Duration.ofHours(1)));
        RestoreStarted started = RestoreStarted.of(request, "worker-1", slot.plus(Duration.ofHours(1)));
        RestoreEnded ended = RestoreEnded.completed(request, started.occurredAt(), started.occurredAt().plusSeconds(60),
                List.of(), null, started.occurredAt().plusSeconds(61));
        kafka.publish(started);
        kafka.publish(ended);
        await().atMost(WAIT).until(() -> ChainEvents.count(chainId) == 4);

        kafka.publish(started);
        kafka.publishAll(List.of(ended, started, ended));
        Instant next = slot.plus(Duration.ofHours(4));
        kafka.publish(BackupEvents.created(policy, table, next, Flags.of(Tier.D), Chains.veeam(0)));
        await().atMost(WAIT).until(() -> ChainEvents.count(chainId) >= 5);

        assertThat(ChainEvents.count(chainId)).isEqualTo(5);
        assertThat(kafka.records(Topics.dlq(Topics.BACKUP_EVENTS), table.arn())).isEmpty();
    }

    @Test
    void aScratchTableDroppedChangesNoChainAndIsNotDeadLetteredAloneOrInABatch() {
        RestoreRequested request = BackupEvents.restoreRequested(policy, table, slot, "gfs-scratch-dropped",
                "operations", slot.plus(Duration.ofHours(1)));
        TableRef scratch = request.target();
        kafka.publish(ScratchTableDropped.of(request.restoreId(), request.source(), scratch, false,
                slot.plus(Duration.ofHours(2))));
        kafka.publishAll(List.of(ScratchTableDropped.of(request.restoreId(), request.source(), scratch, true,
                        slot.plus(Duration.ofHours(3))),
                BackupEvents.created(policy, table, slot.plus(Duration.ofHours(4)), Flags.of(Tier.D),
                        Chains.veeam(0))));
        await().atMost(WAIT).until(() -> ChainEvents.count(chainId) >= 3);

        assertThat(ChainEvents.count(chainId)).isEqualTo(3);
        assertThat(kafka.records(Topics.dlq(Topics.BACKUP_EVENTS), table.arn())).isEmpty();
    }

    @Test
    void aRestoreOfAChainRetentionDoesNotKnowGoesToTheDlq() {
        TableRef unknown = Chains.uniqueTable("no-chain-restored");
        RestoreRequested request = BackupEvents.restoreRequested(policy, unknown, slot, "orders-nowhere", "dave",
                slot.plus(Duration.ofHours(1)));
        kafka.publish(RestoreStarted.of(request, "worker-1", slot.plus(Duration.ofHours(1))));

        await().atMost(WAIT).until(() -> kafka.records(Topics.dlq(Topics.BACKUP_EVENTS), unknown.arn()).size() == 1);
        ConsumerRecord<String, String> dead = kafka.records(Topics.dlq(Topics.BACKUP_EVENTS), unknown.arn()).get(0);
        assertThat(DeadLetters.header(dead.headers(), DeadLetters.EXCEPTION_CLASS))
                .endsWith("AggregateNotFoundException");
        assertThat(ChainEvents.count(Ids.chainId(policy, unknown.arn()))).isZero();
    }

    @Test
    void aRestoreOfASlotThatIsNoPointOfItsChainGoesToTheDlq() {
        Instant noPoint = slot.plus(Duration.ofHours(4));
        RestoreRequested request = BackupEvents.restoreRequested(policy, table, noPoint, "orders-no-point", "erin",
                noPoint.plus(Duration.ofHours(1)));
        kafka.publish(RestoreEnded.failed(request, null, "the point is being deleted",
                noPoint.plus(Duration.ofHours(1))));

        await().atMost(WAIT).until(() -> kafka.records(Topics.dlq(Topics.BACKUP_EVENTS), table.arn()).size() == 1);
        assertThat(DeadLetters.header(kafka.records(Topics.dlq(Topics.BACKUP_EVENTS), table.arn()).get(0).headers(),
                DeadLetters.EXCEPTION_CLASS)).endsWith("UnknownPointException");
        assertThat(ChainEvents.count(chainId)).isEqualTo(2);
    }

    private io.restassured.response.ValidatableResponse asOf(Instant asOf) {
        return given().header("Authorization", Tokens.auditor())
                .get("/api/v1/chains/{id}?asOf={asOf}", chainId, asOf.toString())
                .then().statusCode(200);
    }
}
