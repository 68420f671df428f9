package io.gfsbackup.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.BackupFailed;
import io.gfsbackup.contracts.messages.BackupMissed;
import io.gfsbackup.contracts.messages.BackupStarted;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.retention.PointExpired.Reason;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.operations.support.Fixtures;
import io.gfsbackup.operations.support.TestKafka;
import io.gfsbackup.operations.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The jobs are a projection of the topics: every state a job passes through, whatever order its messages come in. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class JobsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant SLOT = Instant.parse("2026-01-05T07:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-12T00:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @jakarta.inject.Inject
    io.gfsbackup.operations.jobs.BackupSizes sizes;

    @jakarta.inject.Inject
    io.gfsbackup.operations.jobs.JobStore jobStore;

    @jakarta.inject.Inject
    software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo;

    private TestKafka kafka;
    private final UUID policyId = UUID.randomUUID();
    private final BackupPolicy policy = Fixtures.policy("jobs-test", "orders");

    @jakarta.inject.Inject
    java.time.Clock clock;

    @BeforeEach
    void connect() {
        kafka = new TestKafka(bootstrapServers);
        try (TestTime time = new TestTime(bootstrapServers, clock)) {
            time.ensureSet();
            if (clock.instant().isBefore(NOW)) {
                time.set(NOW); // the backups of these tests ended before NOW; time never goes back
            }
        }
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void aBackupJobGoesFromCreatedThroughRunningToCompletedAndALateStartDoesNotMoveItBack() {
        TableRef table = Fixtures.table(Fixtures.unique("orders"));
        DueSlot due = Fixtures.due(policyId, policy, table, SLOT);

        kafka.publish(BackupDue.of(due, SLOT));
        awaitState(due.dueId(), "CREATED");
        BackupStarted started = BackupStarted.of(due, "worker-1", SLOT.plusSeconds(2));
        kafka.publish(started);
        awaitState(due.dueId(), "RUNNING");
        String arn = table.arn() + "/backup/01767596400000-abcdefgh";
        kafka.publish(BackupCreated.of(due, arn, "orders-20260105T070000Z", 0, SLOT.plusSeconds(3),
                SLOT.plusSeconds(5)));
        awaitState(due.dueId(), "COMPLETED");
        kafka.publish(started);
        kafka.publish(BackupDue.of(due, SLOT));
        awaitProjected(table);

        JsonPath job = job(due.dueId());
        assertThat(job.getString("state")).isEqualTo("COMPLETED");
        assertThat(job.getString("kind")).isEqualTo("BACKUP");
        assertThat(job.getString("policyId")).isEqualTo(policyId.toString());
        assertThat(job.getLong("policyVersion")).isEqualTo(1);
        assertThat(job.getString("accountId")).isEqualTo(Fixtures.ACCOUNT);
        assertThat(job.getString("region")).isEqualTo(Fixtures.REGION);
        assertThat(job.getString("tableName")).isEqualTo(table.name());
        assertThat(job.getString("slot")).isEqualTo("2026-01-05T07:00:00Z");
        assertThat(job.getList("flags")).containsExactly("D", "W");
        assertThat(job.getString("startedAt")).isEqualTo("2026-01-05T07:00:02Z");
        assertThat(job.getString("endedAt")).isEqualTo("2026-01-05T07:00:05Z");
        assertThat(job.getLong("durationSeconds")).isEqualTo(3);
        assertThat(job.getString("backupArn")).isEqualTo(arn);
        assertThat(job.getString("startedBy")).isEqualTo("worker-1");
    }

    @Test
    void anOutcomeBeforeItsDueStillMakesOneJobWithTheOutcome() {
        TableRef table = Fixtures.table(Fixtures.unique("orders"));
        DueSlot failed = Fixtures.due(policyId, policy, table, SLOT);
        DueSlot missed = Fixtures.due(policyId, policy, table, SLOT.plus(Duration.ofHours(4)));

        kafka.publish(BackupFailed.of(failed, "AccessDeniedException: not authorized to CreateBackup", 3,
                SLOT.plusSeconds(9)));
        kafka.publish(BackupDue.of(failed, SLOT));
        kafka.publish(BackupMissed.of(missed, "the start window ended at 2026-01-05T12:00:00Z", SLOT.plusSeconds(20000)));
        awaitState(missed.dueId(), "MISSED");
        awaitState(failed.dueId(), "FAILED");

        JsonPath job = job(failed.dueId());
        assertThat(job.getInt("attempts")).isEqualTo(3);
        assertThat(job.getString("error")).contains("AccessDeniedException");
        assertThat(job(missed.dueId()).getString("error")).contains("start window");
    }

    @Test
    void aDeletionJobIsPendingUntilTheWorkerDeletesRefusesOrGivesUp() {
        TableRef table = Fixtures.table(Fixtures.unique("orders"));
        PointExpired deleted = expired(table, SLOT);
        PointExpired refused = expired(table, SLOT.plus(Duration.ofHours(4)));
        PointExpired failed = expired(table, SLOT.plus(Duration.ofDays(1)));

        kafka.publish(deleted);
        kafka.publish(refused);
        kafka.publish(failed);
        awaitState(failed.id(), "PENDING");
        kafka.publish(BackupDeleted.of(deleted, false, SLOT.plus(Duration.ofDays(3)).plusSeconds(4)));
        kafka.deadLetter(refused, new io.gfsbackup.operations.support.InvalidMessageException(
                "the point is under legal hold (placed by alice)"));
        kafka.deadLetter(failed, new IllegalStateException("AccessDeniedException: not authorized to DeleteBackup"));

        awaitState(deleted.id(), "COMPLETED");
        awaitState(refused.id(), "REFUSED");
        awaitState(failed.id(), "FAILED");
        assertThat(job(refused.id()).getString("error")).contains("legal hold");
        assertThat(job(deleted.id()).getString("kind")).isEqualTo("DELETION");
        assertThat(job(deleted.id()).getString("backupArn")).isEqualTo(deleted.backupArn());
    }

    @Test
    void theListFiltersAndPagesNewestFirst() {
        TableRef table = Fixtures.table(Fixtures.unique("paged"));
        TableRef other = Fixtures.table(Fixtures.unique("other"));
        List<Instant> slots = List.of(SLOT, SLOT.plus(Duration.ofHours(4)), SLOT.plus(Duration.ofDays(1)),
                SLOT.plus(Duration.ofDays(1)).plus(Duration.ofHours(4)), SLOT.plus(Duration.ofDays(2)));
        for (Instant slot : slots) {
            kafka.publish(BackupDue.of(Fixtures.due(policyId, policy, table, slot), slot));
        }
        DueSlot otherDue = Fixtures.due(policyId, policy, other, SLOT);
        kafka.publish(BackupFailed.of(otherDue, "throttled", 12, SLOT.plusSeconds(30)));
        await().atMost(WAIT).until(() -> list("table=" + table.name()).getList("jobs").size() == 5);

        JsonPath first = list("table=" + table.name() + "&limit=2");
        assertThat(first.getList("jobs.slot")).containsExactly("2026-01-07T07:00:00Z", "2026-01-06T11:00:00Z");
        JsonPath second = list("table=" + table.name() + "&limit=2&cursor=" + first.getString("nextCursor"));
        assertThat(second.getList("jobs.slot")).containsExactly("2026-01-06T07:00:00Z", "2026-01-05T11:00:00Z");
        JsonPath third = list("table=" + table.name() + "&limit=2&cursor=" + second.getString("nextCursor"));
        assertThat(third.getList("jobs.slot")).containsExactly("2026-01-05T07:00:00Z");
        assertThat(third.getString("nextCursor")).isNull();

        assertThat(list("table=" + table.name() + "&from=2026-01-06T00:00:00Z&to=2026-01-07T00:00:00Z")
                .getList("jobs.slot")).containsExactly("2026-01-06T11:00:00Z", "2026-01-06T07:00:00Z");
        assertThat(list("policyId=" + policyId + "&state=FAILED").getList("jobs.tableName"))
                .containsExactly(other.name());
        assertThat(list("table=" + other.arn() + "&account=" + Fixtures.ACCOUNT + "&state=FAILED,MISSED")
                .getList("jobs.state")).containsExactly("FAILED");
        assertThat(list("table=" + table.name() + "&account=999999999999").getList("jobs")).isEmpty();
    }

    @Test
    void badParametersAreProblemsNamingTheField() {
        given().header("Authorization", Tokens.viewer()).queryParam("state", "DONE").get("/api/v1/jobs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("state"))
                .body("violations[0].message", equalTo("'DONE' is not one of CREATED, RUNNING, COMPLETED, FAILED,"
                        + " MISSED, PENDING, REFUSED"));
        given().header("Authorization", Tokens.viewer()).queryParam("limit", "0").get("/api/v1/jobs")
                .then().statusCode(400).body("violations.field", hasItem("limit"));
        given().header("Authorization", Tokens.viewer()).queryParam("cursor", "nonsense").get("/api/v1/jobs")
                .then().statusCode(400).body("violations.field", hasItem("cursor"));
        given().header("Authorization", Tokens.viewer()).queryParam("from", "yesterday").get("/api/v1/jobs")
                .then().statusCode(400).body("violations.field", hasItem("from"));
        given().header("Authorization", Tokens.viewer()).queryParam("account", "12").get("/api/v1/jobs")
                .then().statusCode(400).body("violations.field", hasItem("account"));
        given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs/not-a-uuid")
                .then().statusCode(400).body("violations.field", hasItem("id"));
        given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/jobs").then().statusCode(401);
    }

    @Test
    void aCompletedBackupsSizeAndItemCountAreReadWithDescribeBackupAndLabelledApproximate() {
        String name = Fixtures.unique("described");
        var created = dynamo.createTable(b -> b.tableName(name)
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .keySchema(k -> k.attributeName("id").keyType("HASH")).billingMode("PAY_PER_REQUEST"));
        for (int i = 0; i < 3; i++) {
            String id = "item-" + i;
            dynamo.putItem(b -> b.tableName(name).item(java.util.Map.of("id",
                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(id))));
        }
        String arn = dynamo.createBackup(b -> b.tableName(name).backupName(name + "-backup")).backupDetails()
                .backupArn();
        TableRef table = TableRef.fromArn(created.tableDescription().tableArn());
        DueSlot due = Fixtures.due(policyId, policy, table, SLOT);
        kafka.publish(BackupCreated.of(due, arn, name + "-backup", 0, SLOT.plusSeconds(3), SLOT.plusSeconds(5)));
        awaitState(due.dueId(), "COMPLETED");
        assertThat(job(due.dueId()).getString("sizeBytes")).isNull();

        assertThat(sizes.describeDue()).isPositive();

        JsonPath job = job(due.dueId());
        assertThat(job.getLong("sizeBytes")).isEqualTo(123); // moto's DescribeBackup always says 123 bytes
        assertThat(job.getLong("itemCount")).isEqualTo(3);
        assertThat(job.getBoolean("sizeApproximate")).isTrue();
        assertThat(job.getString("describedAt")).isNotNull();
    }

    @Test
    void jobsEndedLongerThanTheRetentionAgoArePrunedAndNewerOnesStay() {
        TableRef table = Fixtures.table(Fixtures.unique("pruned"));
        DueSlot old = Fixtures.due(policyId, policy, table, SLOT);
        DueSlot recent = Fixtures.due(policyId, policy, table, SLOT.plus(Duration.ofDays(30)));
        kafka.publish(BackupFailed.of(old, "throttled", 12, SLOT.plusSeconds(60)));
        kafka.publish(BackupDue.of(recent, recent.slot()));
        awaitState(recent.dueId(), "CREATED");
        awaitState(old.dueId(), "FAILED");

        jobStore.prune(SLOT.plus(Duration.ofDays(91)), Duration.ofDays(90));

        given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs/" + old.dueId()).then().statusCode(404);
        assertThat(job(recent.dueId()).getString("state")).isEqualTo("CREATED");
    }

    private PointExpired expired(TableRef table, Instant slot) {
        Instant at = slot.plus(Duration.ofDays(3));
        return PointExpired.of(policyId, table, table.arn() + "/backup/" + slot.toEpochMilli() + "-x",
                table.name() + "-backup", new io.gfsbackup.contracts.retention.PointExpired(slot, at,
                        Reason.NO_FLAGS_LEFT), at);
    }

    /** Waits until a marker published after everything else is projected: the topics are read in order per key. */
    private void awaitProjected(TableRef table) {
        DueSlot marker = Fixtures.due(policyId, policy, table, SLOT.plus(Duration.ofDays(6)));
        kafka.publish(BackupDue.of(marker, marker.slot()));
        awaitState(marker.dueId(), "CREATED");
    }

    private void awaitState(UUID jobId, String state) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            var response = given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs/" + jobId);
            return response.statusCode() == 200 && state.equals(response.jsonPath().getString("state"));
        });
    }

    private JsonPath job(UUID id) {
        return given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs/" + id).then().statusCode(200).extract()
                .jsonPath();
    }

    private JsonPath list(String query) {
        return given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs?" + query).then().statusCode(200).extract()
                .jsonPath();
    }
}
