package io.gfsbackup.scheduler;

import static io.gfsbackup.deploy.testing.KafkaSaslResource.CLOCK_DRIVER;
import static io.gfsbackup.deploy.testing.KafkaSaslResource.POLICY_SERVICE;
import static io.gfsbackup.deploy.testing.KafkaSaslResource.WORKER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.infra.KafkaAcls;
import io.gfsbackup.deploy.testing.KafkaSaslResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.messaging.ConsumerReadiness;
import io.gfsbackup.messaging.KafkaClientSettings;
import io.gfsbackup.messaging.KafkaSender;
import io.gfsbackup.scheduler.config.SchedulerInstance;
import io.gfsbackup.scheduler.config.SchedulerLifecycle;
import io.gfsbackup.scheduler.persistence.CursorStore;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * On a broker that wants SASL from every client and lets each service do only what its ACLs allow
 * (docs/operations.md), the scheduler works with nothing but the standard {@code kafka.*} settings: its own
 * consumer of {@code policies}, its clock, its producer of dues and Quarkus's Kafka health check all authenticate
 * as the scheduler. Without the right password a scheduler gets nothing and is not ready.
 */
@QuarkusTest
@TestProfile(KafkaSecurityTest.SaslBroker.class)
@WithTestResource(value = KafkaSaslResource.class,
        initArgs = @ResourceArg(name = "user", value = KafkaSaslResource.SCHEDULER))
@WithTestResource(PostgresResource.class)
@WithTestResource(MotoResource.class)
class KafkaSecurityTest {

    /** A profile of its own, so that this test's broker is not shared with other tests. */
    public static class SaslBroker implements QuarkusTestProfile {
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    KafkaClientSettings kafka;
    @Inject
    Clock clock;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    DataSource dataSource;
    @Inject
    SchedulerLifecycle scheduler;

    @Test
    void theSchedulerReadsPoliciesAndTheClockAndSendsDuesThroughTheSaslListenerWithTheSettingsOfItsConfiguration() {
        String table = Fixtures.prefix("sasl");
        Fixtures.createTable(dynamo, table, Map.of());
        UUID policyId = UUID.randomUUID();
        try (TestTime time = new TestTime(KafkaClientSettings.of(as(CLOCK_DRIVER)), clock);
             PolicyTopic policies = new PolicyTopic(as(POLICY_SERVICE), Topics.POLICIES);
             EventTap worker = new EventTap(as(WORKER), Topics.BACKUP_DUE)) {
            Instant day = time.begin(TestTime.FIRST);
            policies.upsert(policyId, 1, Fixtures.daily("\"07:00\"", table), day);
            await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.instance().owns(policyId));

            time.set(day.plus(Duration.ofHours(7)));
            await().atMost(Duration.ofSeconds(30)).until(() -> worker.due(policyId).size() == 1);
        }
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name == 'Kafka connection health check' }.status", is("UP"))
                .body("checks.find { it.name == 'kafka-consumers' }.status", is("UP"));
    }

    @Test
    void aSchedulerWithoutTheRightPasswordOrWithoutCredentialsGetsNothingAndIsNotReadyAndNoServiceWritesForAnother() {
        try (KafkaSender sender = new KafkaSender(kafka, "scheduler-as-policy-service", Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> sender.send(new ProducerRecord<>(Topics.POLICIES, "k", "forged")))
                    .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }

        KafkaClientSettings wrongPassword = KafkaClientSettings.of(kafka.with(Map.of(SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"scheduler\" password=\"guessed\";")));
        KafkaClientSettings noCredentials = KafkaClientSettings.bootstrap(bootstrapServers);
        ConsumerReadiness guessing = new ConsumerReadiness(Duration.ofSeconds(2), Clock.systemUTC());
        ConsumerReadiness anonymous = new ConsumerReadiness(Duration.ofSeconds(2), Clock.systemUTC());
        CursorStore cursors = new CursorStore(dataSource);
        try (SchedulerInstance withWrongPassword = Instances.start("guessing", wrongPassword, Topics.POLICIES,
                     KafkaAcls.SCHEDULER_GROUP, cursors, dynamo, clock);
             SchedulerInstance withoutCredentials = Instances.start("anonymous", noCredentials, Topics.POLICIES,
                     KafkaAcls.SCHEDULER_GROUP, cursors, dynamo, clock)) {
            guessing.watch(withWrongPassword.pollWatch());
            anonymous.watch(withoutCredentials.pollWatch());

            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(guessing.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
                assertThat(anonymous.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            });
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                    guessing.call().getStatus() == HealthCheckResponse.Status.DOWN
                            && anonymous.call().getStatus() == HealthCheckResponse.Status.DOWN
                            && withWrongPassword.assignedPartitions().isEmpty()
                            && withoutCredentials.assignedPartitions().isEmpty());
        }
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
    }

    private Map<String, Object> as(String user) {
        return KafkaSaslResource.clientSettings(bootstrapServers, user);
    }
}
