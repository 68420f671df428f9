package io.gfsbackup.policy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PolicyUpserted;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaOutage;
import io.gfsbackup.deploy.testing.KafkaOutageResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With the broker down, changes are accepted; when it is back they are all published, in order. */
@QuarkusTest
@TestProfile(OutboxBrokerOutageTest.OwnBroker.class)
@WithTestResource(KafkaOutageResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
class OutboxBrokerOutageTest {

    /** A profile of its own, so that this test's broker is not shared with other tests. */
    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.kafka.health.enabled", "false");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void changesAcceptedWhileTheBrokerIsDownArePublishedOnceItIsBackNoneLostNoneReordered() {
        String id = PolicyCrudTest.create(Samples.veeamPolicy()).path("id");
        assertThat(PolicyTopic.recordsFor(bootstrapServers, id, 1)).hasSize(1);

        KafkaOutage.disconnectBroker();
        List<Long> acceptedVersions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            acceptedVersions.add(((Number) given().header("Authorization", Tokens.admin())
                    .post("/api/v1/policies/" + id + "/disable").then().statusCode(200).extract().path("version")).longValue());
            acceptedVersions.add(((Number) given().header("Authorization", Tokens.admin())
                    .post("/api/v1/policies/" + id + "/enable").then().statusCode(200).extract().path("version")).longValue());
        }
        assertThat(acceptedVersions).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("gfs_outbox_pending 6.0")));
        KafkaOutage.reconnectBroker();

        List<ConsumerRecord<String, String>> published = PolicyTopic.recordsFor(bootstrapServers, id, 7);
        assertThat(published).extracting(r -> Messages.fromJson(r.value(), PolicyUpserted.class).version())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("gfs_outbox_pending 0.0")));
    }
}
