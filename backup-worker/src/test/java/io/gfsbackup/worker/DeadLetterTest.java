package io.gfsbackup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.KafkaTopics;
import io.gfsbackup.worker.support.Tables;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Bad input goes to the topic's DLQ with the error in headers, and the consumer goes on. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class DeadLetterTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DynamoDbClient dynamo;

    private List<ConsumerRecord<String, String>> dlq(String topic, String key) {
        return KafkaTopics.read(bootstrap, Topics.dlq(topic), r -> key.equals(r.key()), 1, WAIT);
    }

    @Test
    void anUnparseableDueGoesToTheDlqWithTheErrorAndTheNextDueIsStillHandled() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("dlq"));
        KafkaTopics.send(bootstrap, Topics.BACKUP_DUE, table.arn(), "{not json");
        BackupDue good = Dues.due(UUID.randomUUID(), table, Instant.now().truncatedTo(ChronoUnit.SECONDS), Duration.ofHours(1));
        KafkaTopics.send(bootstrap, Topics.BACKUP_DUE, table.arn(), Messages.toJson(good));

        List<ConsumerRecord<String, String>> dead = dlq(Topics.BACKUP_DUE, table.arn());

        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo("{not json");
            assertThat(KafkaTopics.header(r, "dead-letter-reason")).contains("not JSON");
            assertThat(KafkaTopics.header(r, "dead-letter-topic")).isEqualTo(Topics.BACKUP_DUE);
        });
        assertThat(KafkaTopics.read(bootstrap, Topics.BACKUP_EVENTS, r -> KafkaTopics.isOutcome(r) && table.arn().equals(r.key()), 1, WAIT))
                .singleElement().satisfies(r -> assertThat(Messages.parse(r.value())).isInstanceOf(BackupCreated.class));
    }

    @Test
    void aDueWhoseIdDoesNotFollowFromItsContentGoesToTheDlqAndMakesNoBackup() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("forged"));
        BackupDue due = Dues.due(UUID.randomUUID(), table, Instant.now().truncatedTo(ChronoUnit.SECONDS), Duration.ofHours(1));
        String forged = Messages.toJson(due).replace(due.id().toString(), UUID.randomUUID().toString());
        KafkaTopics.send(bootstrap, Topics.BACKUP_DUE, table.arn(), forged);

        List<ConsumerRecord<String, String>> dead = dlq(Topics.BACKUP_DUE, table.arn());

        assertThat(dead).singleElement().satisfies(r ->
                assertThat(KafkaTopics.header(r, "dead-letter-reason")).contains("is not the id of"));
        assertThat(Tables.backups(dynamo, table.name())).isEmpty();
    }

    @Test
    void aDueWhoseRoleIsNotARoleOfTheAccountOfItsTableGoesToTheDlqNamingTheField() {
        TableRef table = Dues.table(Dues.REGION, "222222222222", Tables.uniqueName("wrong-role"));
        BackupDue due = Dues.due(UUID.randomUUID(), table, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Duration.ofHours(1), new AwsAccount("222222222222", "arn:aws:iam::333333333333:role/gfs-backup", "x"));
        KafkaTopics.send(bootstrap, Topics.BACKUP_DUE, table.arn(), Messages.toJson(due));

        assertThat(dlq(Topics.BACKUP_DUE, table.arn())).singleElement().satisfies(r ->
                assertThat(KafkaTopics.header(r, "dead-letter-reason")).contains("due.account.roleArn")
                        .contains("is not a role of account 222222222222"));
    }

    @Test
    void aRetentionEventMissingItsFieldsGoesToTheDlqWithTheErrorAndTheConsumerGoesOn() {
        String key = "arn:aws:dynamodb:us-east-1:123456789012:table/" + Tables.uniqueName("bad-cmd");
        KafkaTopics.send(bootstrap, Topics.RETENTION_EVENTS, key, "{\"type\":\"PointExpired\",\"id\":\"" + UUID.randomUUID() + "\"}");
        String unknownKey = key + "-2";
        KafkaTopics.send(bootstrap, Topics.RETENTION_EVENTS, unknownKey, "{\"type\":\"NoSuchMessage\"}");

        assertThat(dlq(Topics.RETENTION_EVENTS, key)).singleElement().satisfies(r ->
                assertThat(KafkaTopics.header(r, "dead-letter-reason")).contains("PointExpired"));
        assertThat(dlq(Topics.RETENTION_EVENTS, unknownKey)).singleElement().satisfies(r ->
                assertThat(KafkaTopics.header(r, "dead-letter-reason")).contains("NoSuchMessage"));
    }
}
