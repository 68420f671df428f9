package io.gfsbackup.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.BackupFailed;
import io.gfsbackup.contracts.messages.BackupMissed;
import io.gfsbackup.contracts.messages.BackupStarted;
import io.gfsbackup.contracts.messages.DeletionsPaused;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.PolicyUpserted;
import io.gfsbackup.contracts.messages.RetentionGap;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.PointExpired.Reason;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.operations.support.Fixtures;
import io.gfsbackup.operations.support.InvalidMessageException;
import io.gfsbackup.operations.support.Rules;
import io.gfsbackup.operations.support.TestKafka;
import io.gfsbackup.operations.support.TestTime;
import io.gfsbackup.operations.support.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One message per rule, policy and slot (or expiry, gap period, pause), naming every table concerned, sent once the
 * slot's start window has closed and its jobs have ended, to a real HTTP receiver.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class NotificationGroupingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Long enough for several passes of the decider and the dispatcher (every 0.1 s in tests). */
    private static final Duration QUIET = Duration.ofMillis(800);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    private TestKafka kafka;
    private TestTime time;
    private WebhookReceiver receiver;
    private final List<String> rules = new ArrayList<>();
    private final UUID policyId = UUID.randomUUID();
    private final BackupPolicy policy = Fixtures.policy("grouping-" + policyId.toString().substring(0, 8), "orders");
    private Instant day;

    @BeforeEach
    void start() {
        kafka = new TestKafka(bootstrapServers);
        time = new TestTime(bootstrapServers, clock);
        receiver = new WebhookReceiver();
        day = time.freshDay();
        kafka.publish(PolicyUpserted.of(policyId, 1, policy, "test", day));
    }

    @AfterEach
    void stop() {
        rules.forEach(Rules::delete);
        receiver.close();
        time.close();
        kafka.close();
    }

    @Test
    void threeFailedTablesOfASlotMakeOneMessageOnceTheWindowHasClosedAndEveryJobEnded() {
        rule("slot", List.of("BACKUP_FAILED", "SLOT_MISSED"), List.of(policyId));
        Instant slot = day.plus(Duration.ofHours(7));
        time.set(slot);
        List<TableRef> failed = List.of(table("a"), table("b"), table("c"));
        TableRef fine = table("d");
        for (TableRef table : failed) {
            DueSlot due = due(table, slot);
            kafka.publish(BackupDue.of(due, slot));
            kafka.publish(BackupFailed.of(due, "AccessDeniedException: not authorized to CreateBackup", 3,
                    slot.plusSeconds(40)));
        }
        DueSlot fineDue = due(fine, slot);
        kafka.publish(BackupDue.of(fineDue, slot));
        kafka.publish(BackupCreated.of(fineDue, fine.arn() + "/backup/1", "b", 0, slot.plusSeconds(5),
                slot.plusSeconds(9)));
        failed.forEach(table -> awaitState(due(table, slot).dueId(), "FAILED"));
        awaitState(fineDue.dueId(), "COMPLETED");

        quietly();
        assertThat(receiver.received("slot")).as("nothing before the start window closes").isEmpty();
        assertThat(Rules.notifications(rules.get(0))).isEmpty();

        time.set(slot.plus(Duration.ofHours(1)));
        JsonNode message = awaitMessages("slot", 1).get(0);
        quietly();
        assertThat(receiver.received("slot")).as("one message for the slot, not one per table").hasSize(1);
        assertThat(message.get("event").asText()).isEqualTo("BACKUP_FAILED");
        assertThat(message.get("policyId").asText()).isEqualTo(policyId.toString());
        assertThat(message.get("policyName").asText()).isEqualTo(policy.name());
        assertThat(message.get("slot").asText()).isEqualTo(slot.toString());
        assertThat(arns(message)).containsExactlyInAnyOrderElementsOf(failed.stream().map(TableRef::arn).toList());
        assertThat(message.get("tables").get(0).get("detail").asText())
                .contains("failed after 3 attempts: AccessDeniedException");
        assertThat(message.get("subject").asText()).contains("3 of 4 backups failed").hasSizeLessThanOrEqualTo(100);
        assertThat(message.get("text").asText()).doesNotContain(fine.arn());
    }

    @Test
    void aSlotWaitsForItsOpenJobsAndAfterTheGraceGoesAnywayNamingThem() {
        rule("open", List.of("BACKUP_FAILED"), List.of(policyId));
        Instant morning = day.plus(Duration.ofHours(7));
        TableRef failed = table("failed");
        TableRef slow = table("slow");
        time.set(morning);
        DueSlot failedDue = due(failed, morning);
        DueSlot slowDue = due(slow, morning);
        kafka.publish(BackupDue.of(failedDue, morning));
        kafka.publish(BackupFailed.of(failedDue, "ThrottlingException", 12, morning.plusSeconds(30)));
        kafka.publish(BackupDue.of(slowDue, morning));
        kafka.publish(BackupStarted.of(slowDue, "worker-1", morning.plusSeconds(2)));
        awaitState(failedDue.dueId(), "FAILED");
        awaitState(slowDue.dueId(), "RUNNING");

        time.set(morning.plus(Duration.ofHours(1)));
        quietly();
        assertThat(receiver.received("open")).as("a job of the slot is still running").isEmpty();
        kafka.publish(BackupCreated.of(slowDue, slow.arn() + "/backup/1", "b", 0, morning.plusSeconds(3),
                morning.plus(Duration.ofMinutes(70))));
        JsonNode ended = awaitMessages("open", 1).get(0);
        assertThat(arns(ended)).containsExactly(failed.arn());
        assertThat(ended.get("text").asText()).doesNotContain("Still open");

        Instant noon = day.plus(Duration.ofHours(11));
        time.set(noon);
        TableRef stuck = table("stuck");
        DueSlot failedAtNoon = due(failed, noon);
        DueSlot stuckDue = due(stuck, noon);
        kafka.publish(BackupDue.of(failedAtNoon, noon));
        kafka.publish(BackupFailed.of(failedAtNoon, "ThrottlingException", 12, noon.plusSeconds(30)));
        kafka.publish(BackupDue.of(stuckDue, noon));
        awaitState(failedAtNoon.dueId(), "FAILED");
        awaitState(stuckDue.dueId(), "CREATED");
        time.set(noon.plus(Duration.ofMinutes(119)));
        quietly();
        assertThat(receiver.received("open")).as("within the grace after the window").hasSize(1);

        time.set(noon.plus(Duration.ofHours(2)));
        JsonNode anyway = awaitMessages("open", 2).get(1);
        assertThat(anyway.get("slot").asText()).isEqualTo(noon.toString());
        assertThat(arns(anyway)).containsExactly(failed.arn(), stuck.arn());
        assertThat(anyway.get("tables").get(1).get("detail").asText()).isEqualTo("still CREATED");
        assertThat(anyway.get("text").asText()).contains("Still open PT1H after the start window closed");
    }

    @Test
    void aMissedSlotIsSlotMissedAndRulesFilterByEventAndPolicy() {
        UUID otherId = UUID.randomUUID();
        BackupPolicy other = Fixtures.policy("grouping-other-" + otherId.toString().substring(0, 8), "orders");
        kafka.publish(PolicyUpserted.of(otherId, 1, other, "test", day));
        rule("missed-of-mine", List.of("SLOT_MISSED"), List.of(policyId));
        rule("failed-of-other", List.of("BACKUP_FAILED"), List.of(otherId));
        rule("failed-of-all", List.of("BACKUP_FAILED"), List.of());
        String disabled = rule("disabled", List.of("BACKUP_FAILED", "SLOT_MISSED"), List.of());
        given().header("Authorization", Tokens.admin()).header("If-Match", "\"1\"").contentType("application/json")
                .body(Rules.webhook("disabled", List.of("BACKUP_FAILED", "SLOT_MISSED"), List.of(),
                        receiver.url("disabled")).replace("\"events\"", "\"enabled\": false, \"events\""))
                .put("/api/v1/notification-rules/" + disabled).then().statusCode(200);

        Instant slot = day.plus(Duration.ofHours(7));
        time.set(slot);
        TableRef mineFailed = table("mine-failed");
        TableRef mineMissed = table("mine-missed");
        TableRef otherFailed = table("other-failed");
        DueSlot a = due(mineFailed, slot);
        DueSlot b = due(mineMissed, slot);
        DueSlot c = Fixtures.due(otherId, other, otherFailed, slot);
        kafka.publish(BackupFailed.of(a, "ResourceNotFoundException", 1, slot.plusSeconds(3)));
        kafka.publish(BackupMissed.of(b, "the start window ended at " + slot.plus(Duration.ofHours(1)),
                slot.plus(Duration.ofHours(1))));
        kafka.publish(BackupFailed.of(c, "AccessDeniedException", 3, slot.plusSeconds(3)));
        awaitState(a.dueId(), "FAILED");
        awaitState(b.dueId(), "MISSED");
        awaitState(c.dueId(), "FAILED");
        time.set(slot.plus(Duration.ofHours(1)));

        JsonNode missed = awaitMessages("missed-of-mine", 1).get(0);
        assertThat(missed.get("event").asText()).isEqualTo("SLOT_MISSED");
        assertThat(arns(missed)).containsExactly(mineMissed.arn());
        assertThat(missed.get("tables").get(0).get("detail").asText()).contains("missed: the start window ended");
        JsonNode otherFailure = awaitMessages("failed-of-other", 1).get(0);
        assertThat(otherFailure.get("policyId").asText()).isEqualTo(otherId.toString());
        assertThat(arns(otherFailure)).containsExactly(otherFailed.arn());
        await().atMost(WAIT).until(() -> ofPolicies("failed-of-all", policyId, otherId).size() == 2);
        quietly();
        assertThat(receiver.received("missed-of-mine")).hasSize(1);
        assertThat(receiver.received("failed-of-other")).hasSize(1);
        List<JsonNode> all = ofPolicies("failed-of-all", policyId, otherId);
        assertThat(all).extracting(message -> message.get("event").asText()).containsOnly("BACKUP_FAILED");
        assertThat(all).extracting(message -> arns(message).get(0))
                .containsExactlyInAnyOrder(mineFailed.arn(), otherFailed.arn());
        assertThat(receiver.received("disabled")).isEmpty();
    }

    @Test
    void deletionsAreGroupedPerExpiryGapsPerPeriodEndAndEachPauseIsOneMessage() {
        rule("retention", List.of("DELETION_FAILED", "DELETION_REFUSED", "RETENTION_GAP", "DELETIONS_PAUSED"),
                List.of(policyId));
        Instant expiry = day.plus(Duration.ofHours(7));
        time.set(expiry);
        PointExpired refused = expired(table("held"), expiry);
        PointExpired failed = expired(table("denied"), expiry);
        PointExpired deleted = expired(table("gone"), expiry);
        PointExpired alsoFailed = expired(table("denied-too"), expiry);
        List.of(refused, failed, deleted, alsoFailed).forEach(kafka::publish);
        kafka.publish(BackupDeleted.of(deleted, false, expiry.plusSeconds(4)));
        kafka.deadLetter(refused, new InvalidMessageException("the point is under legal hold (placed by alice)"));
        kafka.deadLetter(failed, new IllegalStateException("AccessDeniedException: not authorized to DeleteBackup"));
        awaitState(refused.id(), "REFUSED");
        awaitState(failed.id(), "FAILED");
        quietly();
        assertThat(receiver.received("retention")).as("a deletion of that expiry is still pending").isEmpty();
        kafka.deadLetter(alsoFailed, new IllegalStateException("AccessDeniedException: not authorized"));

        List<JsonNode> deletions = awaitMessages("retention", 2);
        JsonNode refusal = byEvent(deletions, "DELETION_REFUSED");
        assertThat(arns(refusal)).containsExactly(refused.table().arn());
        assertThat(refusal.get("tables").get(0).get("detail").asText()).contains("legal hold")
                .contains(refused.backupArn());
        assertThat(arns(byEvent(deletions, "DELETION_FAILED")))
                .containsExactlyInAnyOrder(failed.table().arn(), alsoFailed.table().arn());

        Instant periodEnd = day.plus(Duration.ofHours(7));
        Instant reported = expiry.plusSeconds(60);
        time.set(reported);
        kafka.publish(new RetentionGap(UUID.randomUUID(), reported, policyId, table("gap-a"), Tier.W,
                periodEnd.minus(Duration.ofDays(7)), periodEnd));
        kafka.publish(new RetentionGap(UUID.randomUUID(), reported, policyId, table("gap-b"), Tier.W,
                periodEnd.minus(Duration.ofDays(7)), periodEnd));
        kafka.publish(DeletionsPaused.of(policyId, "CLOCK_LEAD", "the clock ran 3 days ahead of wall time",
                reported, reported));
        List<JsonNode> paused = awaitMessages("retention", 3);
        assertThat(paused.get(2).get("event").asText()).isEqualTo("DELETIONS_PAUSED");
        assertThat(paused.get(2).get("text").asText()).contains("CLOCK_LEAD").contains("3 days ahead");
        quietly();
        assertThat(receiver.received("retention")).as("the gaps settle for two minutes").hasSize(3);

        time.set(reported.plus(Duration.ofMinutes(2)));
        JsonNode gaps = awaitMessages("retention", 4).get(3);
        assertThat(gaps.get("event").asText()).isEqualTo("RETENTION_GAP");
        assertThat(arns(gaps)).containsExactly(table("gap-a").arn(), table("gap-b").arn());
        assertThat(gaps.get("tables").get(0).get("detail").asText()).startsWith("no W point in [");
    }

    private String rule(String path, List<String> events, List<UUID> policies) {
        String id = Rules.create(Rules.webhook(path + "-" + UUID.randomUUID(), events, policies, receiver.url(path)));
        rules.add(id);
        return id;
    }

    private TableRef table(String name) {
        return Fixtures.table(name + "-" + policyId.toString().substring(0, 8));
    }

    private DueSlot due(TableRef table, Instant slot) {
        return Fixtures.due(policyId, policy, table, slot);
    }

    private PointExpired expired(TableRef table, Instant at) {
        Instant slot = at.minus(Duration.ofDays(3));
        return PointExpired.of(policyId, table, table.arn() + "/backup/" + slot.toEpochMilli() + "-x",
                table.name() + "-backup", new io.gfsbackup.contracts.retention.PointExpired(slot, at,
                        Reason.NO_FLAGS_LEFT), at);
    }

    private List<JsonNode> awaitMessages(String path, int count) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> receiver.received(path).size() >= count);
        return receiver.received(path).stream().map(WebhookReceiver.Request::json).toList();
    }

    private List<JsonNode> ofPolicies(String path, UUID... policies) {
        List<String> ids = Arrays.stream(policies).map(UUID::toString).toList();
        return receiver.received(path).stream().map(WebhookReceiver.Request::json)
                .filter(message -> ids.contains(message.get("policyId").asText())).toList();
    }

    private static JsonNode byEvent(List<JsonNode> messages, String event) {
        return messages.stream().filter(message -> message.get("event").asText().equals(event)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + event + " in " + messages));
    }

    private static List<String> arns(JsonNode message) {
        List<String> arns = new ArrayList<>();
        message.get("tables").forEach(line -> arns.add(line.get("tableArn").asText()));
        return arns;
    }

    private void awaitState(UUID jobId, String state) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            var response = given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs/" + jobId);
            return response.statusCode() == 200 && state.equals(response.jsonPath().getString("state"));
        });
    }

    private static void quietly() {
        try {
            Thread.sleep(QUIET.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
