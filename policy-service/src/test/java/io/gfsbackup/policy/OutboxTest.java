package io.gfsbackup.policy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PolicyUpserted;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
class OutboxTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void everyVersionIsPublishedToThePoliciesTopicKeyedByPolicyIdInOrderAndADeleteLeavesATombstone() {
        String id = PolicyCrudTest.create(Samples.veeamPolicy()).path("id");
        given().header("Authorization", Tokens.admin()).post("/api/v1/policies/" + id + "/disable").then().statusCode(200);
        given().header("Authorization", Tokens.admin()).post("/api/v1/policies/" + id + "/enable").then().statusCode(200);
        given().header("Authorization", Tokens.admin()).delete("/api/v1/policies/" + id).then().statusCode(204);

        List<ConsumerRecord<String, String>> records = PolicyTopic.recordsFor(bootstrapServers, id, 4);

        assertThat(records).hasSize(4);
        List<PolicyUpserted> upserts = records.subList(0, 3).stream()
                .map(r -> Messages.fromJson(r.value(), PolicyUpserted.class)).toList();
        assertThat(upserts).extracting(PolicyUpserted::version).containsExactly(1L, 2L, 3L);
        assertThat(upserts).extracting(u -> u.policy().enabled()).containsExactly(true, false, true);
        assertThat(upserts).extracting(u -> u.policyId().toString()).containsOnly(id);
        assertThat(upserts).extracting(PolicyUpserted::changedBy).containsOnly("test-admin");
        assertThat(records.get(3).value()).as("tombstone").isNull();
    }
}
