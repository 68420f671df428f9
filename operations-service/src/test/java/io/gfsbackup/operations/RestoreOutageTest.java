package io.gfsbackup.operations;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaOutage;
import io.gfsbackup.deploy.testing.KafkaOutageResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.operations.support.Fixtures;
import io.gfsbackup.operations.support.Policies;
import io.gfsbackup.operations.support.TestKafka;
import io.gfsbackup.operations.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A restore asked for while Kafka is away is answered 503 and leaves nothing behind: no PENDING restore that no worker
 * would ever start. Asked again once the broker is back, it is accepted.
 */
@QuarkusTest
@TestProfile(RestoreOutageTest.OwnBroker.class)
@WithTestResource(KafkaOutageResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class RestoreOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A broker of its own, which the test cuts off; the restore's send gives up after 3 s. */
    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.kafka.health.enabled", "false",
                    "gfs.operations.notifications.enabled", "false",
                    "gfs.operations.restores.ack-timeout", "PT3S");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    @Test
    void aRestoreKafkaDoesNotTakeIs503AndLeavesNoPendingRestore() {
        TableRef table = Fixtures.table(Fixtures.unique("outage"));
        Instant now;
        BackupCreated created;
        try (TestKafka kafka = new TestKafka(bootstrapServers); TestTime time = new TestTime(bootstrapServers, clock)) {
            now = time.freshDay();
            Policies policy = Policies.of(kafka, Fixtures.unique("outage"), true, List.of(Fixtures.REGION),
                    List.of(table.name()), Map.of()).publish(now);
            created = policy.succeeded(table, now.minus(Duration.ofHours(17)));
        }
        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", Tokens.viewer())
                .get("/api/v1/jobs/" + created.due().dueId()).then().statusCode(200)
                .body("state", equalTo("COMPLETED")));
        String body = """
                {"source": {"backupArn": "%s"}, "targetTableName": "%s"}
                """.formatted(created.backupArn(), Fixtures.unique("outage-copy"));

        KafkaOutage.disconnectBroker();
        try {
            given().header("Authorization", Tokens.admin()).contentType("application/json").body(body)
                    .post("/api/v1/restores").then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "10");
            given().header("Authorization", Tokens.viewer()).get("/api/v1/restores?table=" + table.arn())
                    .then().statusCode(200).body("restores", empty());
            given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs?kind=RESTORE&table=" + table.arn())
                    .then().statusCode(200).body("jobs", empty());
        } finally {
            KafkaOutage.reconnectBroker();
        }

        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", Tokens.admin())
                .contentType("application/json").body(body).post("/api/v1/restores").then().statusCode(202));
        given().header("Authorization", Tokens.viewer()).get("/api/v1/restores?table=" + table.arn())
                .then().body("restores", hasSize(1)).body("restores[0].state", equalTo("PENDING"));
    }
}
