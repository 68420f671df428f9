package io.gfsbackup.worker;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.testing.KafkaOutage;
import io.gfsbackup.deploy.testing.KafkaOutageResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.KafkaTopics;
import io.gfsbackup.worker.support.Tables;
import io.gfsbackup.worker.support.ThroughputRun;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The worker's consumers through a broker outage that spans their commits (the throttled strategy commits every
 * second here): nothing stops, a due whose commit failed is at most handled again without a second backup, and a
 * due sent afterwards gets its BackupCreated.
 */
@QuarkusTest
@TestProfile(CommitOutageTest.OwnBroker.class)
@WithTestResource(KafkaOutageResource.class)
@WithTestResource(MotoResource.class)
class CommitOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    /** A broker of its own; commits every second, so that the outage surely spans one. */
    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.kafka.health.enabled", "false",
                    "mp.messaging.incoming.backup-due.auto.commit.interval.ms", "1000",
                    "mp.messaging.incoming.retention-events.auto.commit.interval.ms", "1000");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DynamoDbClient dynamo;

    @Test
    void aBrokerOutageDuringTheCommitsLosesNothingAndTheNextDueIsBackedUp() throws Exception {
        UUID policyId = UUID.randomUUID();
        Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TableRef first = Tables.create(dynamo, Tables.uniqueName("before"));
        TableRef second = Tables.create(dynamo, Tables.uniqueName("after"));

        send(Dues.due(policyId, first, slot, Duration.ofHours(1)));
        assertThat(created(first)).isNotEmpty();

        KafkaOutage.disconnectBroker(); // the due's offset is committed within a second: during the outage
        Thread.sleep(3000);
        KafkaOutage.reconnectBroker();

        send(Dues.due(policyId, second, slot, Duration.ofHours(1)));
        assertThat(created(second)).isNotEmpty();
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        assertThat(created(first)).as("the same outcome, however often it is published")
                .extracting(Message::id).containsOnly(Ids.outcomeId(Dues.due(policyId, first, slot,
                        Duration.ofHours(1)).id()));
        ThroughputRun.assertOneBackupEach(dynamo, List.of(first, second));
    }

    private void send(BackupDue due) {
        KafkaTopics.send(bootstrap, Topics.BACKUP_DUE, due.due().table().arn(), Messages.toJson(due));
    }

    private List<Message> created(TableRef table) {
        return KafkaTopics.read(bootstrap, Topics.BACKUP_EVENTS, r -> KafkaTopics.isOutcome(r) && table.arn().equals(r.key()), 1, WAIT).stream()
                .map(ConsumerRecord::value).map(Messages::parse).filter(BackupCreated.class::isInstance).toList();
    }
}
