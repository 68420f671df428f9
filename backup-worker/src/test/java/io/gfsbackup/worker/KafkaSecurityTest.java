package io.gfsbackup.worker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.testing.KafkaSaslResource;
import io.gfsbackup.worker.support.KafkaTopics;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.Tables;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The worker's SmallRye channels on a broker that wants SASL from every client and grants the worker only its ACLs
 * (docs/operations.md): the standard {@code kafka.*} settings reach them, a due sent by the scheduler's user becomes
 * a BackupCreated the retention service's user reads.
 */
@QuarkusTest
@TestProfile(KafkaSecurityTest.SaslBroker.class)
@WithTestResource(value = KafkaSaslResource.class,
        initArgs = @ResourceArg(name = "user", value = KafkaSaslResource.WORKER))
@WithTestResource(MotoResource.class)
class KafkaSecurityTest {

    /** A profile of its own, so that this test's broker is not shared with other tests. */
    public static class SaslBroker implements QuarkusTestProfile {
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DynamoDbClient dynamo;

    @Test
    void aDueFromTheSchedulersUserBecomesABackupCreatedThroughTheSaslListener() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("sasl"));
        BackupDue due = Dues.due(UUID.randomUUID(), table, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Duration.ofHours(1));
        try (KafkaProducer<String, String> scheduler = new KafkaProducer<>(as(KafkaSaslResource.SCHEDULER),
                new StringSerializer(), new StringSerializer())) {
            scheduler.send(new ProducerRecord<>(Topics.BACKUP_DUE, table.arn(), Messages.toJson(due))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }

        Map<String, Object> retention = new HashMap<>(as(KafkaSaslResource.RETENTION_SERVICE));
        retention.put(ConsumerConfig.GROUP_ID_CONFIG, "retention-service");
        retention.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Message> outcomes = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(retention, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.BACKUP_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (outcomes.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (KafkaTopics.isOutcome(record) && table.arn().equals(record.key())) {
                        outcomes.add(Messages.parse(record.value()));
                    }
                });
            }
        }
        assertThat(outcomes).singleElement().isInstanceOf(BackupCreated.class);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'kafka-consumers' }.status", is("UP"));
    }

    private Map<String, Object> as(String user) {
        return KafkaSaslResource.clientSettings(bootstrapServers, user);
    }
}
