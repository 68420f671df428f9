package io.gfsbackup.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupFailed;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.PolicyUpserted;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.operations.support.Fixtures;
import io.gfsbackup.operations.support.Rules;
import io.gfsbackup.operations.support.TestKafka;
import io.gfsbackup.operations.support.TestTime;
import io.gfsbackup.operations.support.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The daily digest: at the rule's hour in its time zone, one message per policy with the day's jobs by state. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class DailyDigestTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    @Test
    void aDigestPerPolicyGoesOutAtTheRulesHourInItsTimeZone() {
        UUID ordersId = UUID.randomUUID();
        UUID usersId = UUID.randomUUID();
        BackupPolicy orders = Fixtures.policy("digest-orders-" + ordersId.toString().substring(0, 8), "orders");
        BackupPolicy users = Fixtures.policy("digest-users-" + usersId.toString().substring(0, 8), "users");
        try (TestKafka kafka = new TestKafka(bootstrapServers);
             TestTime time = new TestTime(bootstrapServers, clock);
             WebhookReceiver receiver = new WebhookReceiver()) {
            Instant day = time.freshDay();
            kafka.publish(PolicyUpserted.of(ordersId, 1, orders, "test", day));
            kafka.publish(PolicyUpserted.of(usersId, 1, users, "test", day));
            String rule = Rules.create("""
                    {"name": "digest-%s", "events": ["DAILY_DIGEST"], "policies": ["%s", "%s"],
                     "channel": {"type": "WEBHOOK", "url": "%s", "secret": "%s"},
                     "digest": {"hour": 6, "timeZone": "Europe/Berlin"}}
                    """.formatted(UUID.randomUUID(), ordersId, usersId, receiver.url("digest"), Rules.SECRET));
            try {
                Instant yesterdayMorning = day.minus(Duration.ofHours(17));
                Instant yesterdayNoon = day.minus(Duration.ofHours(13));
                TableRef a = Fixtures.table(Fixtures.unique("a"));
                TableRef b = Fixtures.table(Fixtures.unique("b"));
                completed(kafka, Fixtures.due(ordersId, orders, a, yesterdayMorning));
                DueSlot failed = Fixtures.due(ordersId, orders, b, yesterdayMorning);
                kafka.publish(BackupFailed.of(failed, "AccessDeniedException", 3, yesterdayMorning.plusSeconds(9)));
                completed(kafka, Fixtures.due(ordersId, orders, a, yesterdayNoon));
                completed(kafka, Fixtures.due(ordersId, orders, b, yesterdayNoon));
                DueSlot tooOld = Fixtures.due(ordersId, orders, a, day.minus(Duration.ofHours(41)));
                kafka.publish(BackupFailed.of(tooOld, "before the digest's day", 1, tooOld.slot()));
                DueSlot users1 = Fixtures.due(usersId, users, Fixtures.table(Fixtures.unique("u")), yesterdayNoon);
                completed(kafka, users1);
                awaitState(users1.dueId(), "COMPLETED");
                awaitState(failed.dueId(), "FAILED");
                awaitState(tooOld.dueId(), "FAILED");

                Instant sixInBerlin = day.plus(Duration.ofHours(5));
                time.set(sixInBerlin.minusSeconds(60));
                await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> true);
                assertThat(receiver.received("digest")).as("before 06:00 in Berlin").isEmpty();

                time.set(sixInBerlin);
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received("digest").size() >= 2);
                time.set(sixInBerlin.plusSeconds(60));
                await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> true);
                List<JsonNode> digests = receiver.received("digest").stream().map(WebhookReceiver.Request::json)
                        .toList();
                assertThat(digests).as("one digest per policy, once").hasSize(2)
                        .allSatisfy(digest -> {
                            assertThat(digest.get("event").asText()).isEqualTo("DAILY_DIGEST");
                            assertThat(digest.get("slot").asText()).isEqualTo(sixInBerlin.minus(Duration.ofDays(1))
                                    .toString());
                        });
                JsonNode ordersDigest = digests.stream().filter(d -> d.get("policyId").asText()
                        .equals(ordersId.toString())).findFirst().orElseThrow();
                assertThat(ordersDigest.get("text").asText())
                        .contains("Backups: CREATED 0, RUNNING 0, COMPLETED 3, FAILED 1, MISSED 0")
                        .contains("06:00 Europe/Berlin");
                assertThat(ordersDigest.get("tables")).hasSize(1);
                assertThat(ordersDigest.get("tables").get(0).get("tableArn").asText()).isEqualTo(b.arn());
                assertThat(ordersDigest.get("tables").get(0).get("detail").asText())
                        .contains("FAILED 1").contains("AccessDeniedException");
                assertThat(ordersDigest.get("subject").asText()).contains(orders.name())
                        .contains("3 backups completed, 1 failed");
                JsonNode usersDigest = digests.stream().filter(d -> d.get("policyId").asText()
                        .equals(usersId.toString())).findFirst().orElseThrow();
                assertThat(usersDigest.get("text").asText()).contains("COMPLETED 1, FAILED 0")
                        .contains("No table had a failure");
            } finally {
                Rules.delete(rule);
            }
        }
    }

    private static void completed(TestKafka kafka, DueSlot due) {
        kafka.publish(BackupCreated.of(due, due.table().arn() + "/backup/" + due.slot().toEpochMilli(), "b", 0,
                due.slot().plusSeconds(1), due.slot().plusSeconds(5)));
    }

    private static void awaitState(UUID jobId, String state) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var response = given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs/" + jobId);
            return response.statusCode() == 200 && state.equals(response.jsonPath().getString("state"));
        });
    }
}
