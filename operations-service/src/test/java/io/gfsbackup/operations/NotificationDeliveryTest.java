package io.gfsbackup.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.BackupFailed;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.operations.notify.channel.WebhookChannel;
import io.gfsbackup.operations.support.Fixtures;
import io.gfsbackup.operations.support.Rules;
import io.gfsbackup.operations.support.TestKafka;
import io.gfsbackup.operations.support.TestTime;
import io.gfsbackup.operations.support.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Delivery at least once with a stable idempotency key: retried with backoff after a transient failure, given up
 * after a permanent one or when the attempts run out, and never decided twice when messages are consumed again.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class NotificationDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    @Inject
    DataSource dataSource;

    private TestKafka kafka;
    private TestTime time;
    private WebhookReceiver receiver;
    private final List<String> rules = new ArrayList<>();
    private final UUID policyId = UUID.randomUUID();
    private final BackupPolicy policy = Fixtures.policy("delivery-" + policyId.toString().substring(0, 8), "orders");
    private Instant slot;

    @BeforeEach
    void start() {
        kafka = new TestKafka(bootstrapServers);
        time = new TestTime(bootstrapServers, clock);
        receiver = new WebhookReceiver();
        slot = time.freshDay().plus(Duration.ofHours(7));
        time.set(slot);
    }

    @AfterEach
    void stop() {
        rules.forEach(Rules::delete);
        receiver.close();
        time.close();
        kafka.close();
    }

    @Test
    void aTransientFailureIsRetriedWithTheSameKeyAndConsumingTheMessagesAgainAddsNoSecondNotification() {
        String rule = rule("flaky");
        given().header("Authorization", Tokens.admin()).header("If-Match", "\"1\"").contentType("application/json")
                .body("""
                        {"name": "flaky, secret kept", "events": ["BACKUP_FAILED"], "policies": ["%s"],
                         "channel": {"type": "WEBHOOK", "url": "%s"}}
                        """.formatted(policyId, receiver.url("flaky")))
                .put("/api/v1/notification-rules/" + rule).then().statusCode(200);
        receiver.answer("flaky", 500, 500);
        TableRef table = Fixtures.table(Fixtures.unique("flaky"));
        DueSlot due = Fixtures.due(policyId, policy, table, slot);
        BackupDue created = BackupDue.of(due, slot);
        BackupFailed failed = BackupFailed.of(due, "InternalServerError", 3, slot.plusSeconds(20));
        kafka.publish(created);
        kafka.publish(failed);
        awaitState(due.dueId(), "FAILED");
        time.set(slot.plus(Duration.ofHours(1)));

        await().atMost(WAIT).until(() -> delivery(rule).get("state").equals("DELIVERED"));
        Map<String, Object> delivery = delivery(rule);
        assertThat(delivery.get("attempts")).isEqualTo(3);
        assertThat(delivery.get("lastError")).asString().contains("500");
        assertThat(delivery.get("deliveredAt")).isNotNull();
        String key = (String) delivery.get("idempotencyKey");
        List<WebhookReceiver.Request> requests = receiver.received("flaky");
        assertThat(requests).hasSize(3).allSatisfy(request -> {
            assertThat(request.idempotencyKey()).isEqualTo(key);
            assertThat(request.json().get("idempotencyKey").asText()).isEqualTo(key);
            assertThat(request.signature()).as("signed with the secret the PUT kept")
                    .isEqualTo("sha256=" + WebhookChannel.signature(Rules.SECRET, Long.parseLong(request.timestamp()),
                            request.body()));
        });

        kafka.publish(created);
        kafka.publish(failed);
        DueSlot later = Fixtures.due(policyId, policy, table, slot.plus(Duration.ofHours(4)));
        kafka.publish(BackupFailed.of(later, "marker", 1, later.slot()));
        awaitState(later.dueId(), "FAILED");
        await().pollDelay(Duration.ofMillis(800)).atMost(WAIT).until(() -> true);
        assertThat(Rules.notifications(rule)).as("the same messages consumed again").hasSize(1);

        forgetDecisions();
        await().pollDelay(Duration.ofMillis(800)).atMost(WAIT).until(() -> true);
        assertThat(Rules.notifications(rule)).as("decided again, as after a rebuild: the same key").hasSize(1);
        assertThat(receiver.received("flaky")).hasSize(3);
    }

    @Test
    void aPermanentFailureIsGivenUpAtOnceAndTransientOnesWhenTheAttemptsRunOut() {
        String refusing = rule("refusing");
        String away = rule("away");
        receiver.answer("refusing", 400);
        receiver.answer("away", 503, 503, 503, 503, 503, 503);
        DueSlot due = Fixtures.due(policyId, policy, Fixtures.table(Fixtures.unique("given-up")), slot);
        kafka.publish(BackupFailed.of(due, "ValidationException", 1, slot.plusSeconds(2)));
        awaitState(due.dueId(), "FAILED");
        time.set(slot.plus(Duration.ofHours(1)));

        await().atMost(WAIT).until(() -> delivery(refusing).get("state").equals("FAILED")
                && delivery(away).get("state").equals("FAILED"));
        assertThat(delivery(refusing).get("attempts")).isEqualTo(1);
        assertThat(delivery(refusing).get("lastError")).asString()
                .startsWith("permanent failure: webhook at http://127.0.0.1:").endsWith(" answered 400");
        assertThat(delivery(away).get("attempts")).isEqualTo(4);
        assertThat(delivery(away).get("lastError")).asString()
                .startsWith("gave up after 4 attempts: webhook at http://127.0.0.1:").endsWith(" answered 503");
        assertThat(receiver.received("refusing")).hasSize(1);
        assertThat(receiver.received("away")).hasSize(4)
                .extracting(WebhookReceiver.Request::idempotencyKey).containsOnly((String) delivery(away).get("idempotencyKey"));
    }

    /** Forgets which groups of the policy were decided, as a rebuild of the service's tables from the topics would. */
    private void forgetDecisions() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM notification_decision WHERE subject_id = ?")) {
            delete.setObject(1, policyId);
            assertThat(delete.executeUpdate()).isPositive();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String rule(String path) {
        String id = Rules.create(Rules.webhook(path + "-" + UUID.randomUUID(), List.of("BACKUP_FAILED"),
                List.of(policyId), receiver.url(path)));
        rules.add(id);
        return id;
    }

    /** The one notification of a rule; an empty map until there is one. */
    private static Map<String, Object> delivery(String rule) {
        List<Map<String, Object>> notifications = Rules.notifications(rule);
        return notifications.isEmpty() ? Map.of("state", "none") : notifications.get(0);
    }

    private void awaitState(UUID jobId, String state) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            var response = given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs/" + jobId);
            return response.statusCode() == 200 && state.equals(response.jsonPath().getString("state"));
        });
    }
}
