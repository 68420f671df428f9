package io.gfsbackup.operations;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.retention.PointExpired.Reason;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaSaslResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.operations.support.Fixtures;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The operations service on a broker that wants SASL from every client and grants it only its ACLs
 * (docs/operations.md, KafkaAcls.operationsService): it reads what the scheduler, the worker and the retention
 * service write, and dead-letters what it cannot read to that topic's DLQ.
 */
@QuarkusTest
@TestProfile(KafkaSecurityTest.SaslBroker.class)
@WithTestResource(value = KafkaSaslResource.class,
        initArgs = @ResourceArg(name = "user", value = KafkaSaslResource.OPERATIONS_SERVICE))
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class KafkaSecurityTest {

    /** A profile of its own, so that this test's broker is not shared with other tests. */
    public static class SaslBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gfs.clock.source", "system");
        }
    }

    private static final Instant SLOT = Instant.parse("2026-01-05T07:00:00Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void whatTheOtherServicesUsersWriteBecomesJobsAndWhatCannotBeReadIsDeadLettered() throws Exception {
        UUID policyId = UUID.randomUUID();
        BackupPolicy policy = Fixtures.policy("sasl", "orders");
        TableRef table = Fixtures.table(Fixtures.unique("sasl"));
        DueSlot due = Fixtures.due(policyId, policy, table, SLOT);
        DueSlot created = Fixtures.due(policyId, policy, table, SLOT.plus(Duration.ofHours(4)));
        PointExpired expired = PointExpired.of(policyId, table, table.arn() + "/backup/1-x", "x",
                new io.gfsbackup.contracts.retention.PointExpired(SLOT, SLOT.plus(Duration.ofDays(3)),
                        Reason.NO_FLAGS_LEFT), SLOT.plus(Duration.ofDays(3)));

        try (KafkaProducer<String, String> worker = producer(KafkaSaslResource.WORKER)) {
            worker.send(new ProducerRecord<>(Topics.BACKUP_EVENTS, table.arn(), "not a message")).get();
        }
        send(KafkaSaslResource.SCHEDULER, Topics.BACKUP_DUE, table.arn(), BackupDue.of(due, SLOT));
        send(KafkaSaslResource.WORKER, Topics.BACKUP_EVENTS, table.arn(), BackupCreated.of(created,
                table.arn() + "/backup/2-y", "y", 0, created.slot(), created.slot()));
        send(KafkaSaslResource.RETENTION_SERVICE, Topics.RETENTION_EVENTS, table.arn(), expired);

        // the BackupCreated follows the unreadable record on its partition: it is projected only once the
        // unreadable one went to backup-events.dlq, which the service's ACLs must allow
        for (UUID job : List.of(due.dueId(), created.dueId(), expired.id())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> given().header("Authorization", Tokens.viewer())
                    .get("/api/v1/jobs/" + job).statusCode() == 200);
        }
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'kafka-consumers' }.status", is("UP"));
    }

    private void send(String user, String topic, String key, Message message) throws Exception {
        try (KafkaProducer<String, String> producer = producer(user)) {
            producer.send(new ProducerRecord<>(topic, key, Messages.toJson(message))).get();
        }
    }

    private KafkaProducer<String, String> producer(String user) {
        return new KafkaProducer<>(KafkaSaslResource.clientSettings(bootstrapServers, user), new StringSerializer(),
                new StringSerializer());
    }
}
