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
import io.gfsbackup.contracts.messages.BackupStarted;
import io.gfsbackup.contracts.messages.BackupFailed;
import io.gfsbackup.contracts.messages.BackupMissed;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.KafkaTopics;
import io.gfsbackup.worker.support.Tables;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;

/** backup-due in, backup-events out, through the real broker and moto. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class BackupDueFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DynamoDbClient dynamo;

    private List<Message> outcomesFor(TableRef table, int expected) {
        return KafkaTopics.read(bootstrap, Topics.BACKUP_EVENTS, r -> KafkaTopics.isOutcome(r) && table.arn().equals(r.key()), expected, WAIT)
                .stream().map(ConsumerRecord::value).map(Messages::parse).toList();
    }

    private void send(BackupDue due) {
        KafkaTopics.send(bootstrap, Topics.BACKUP_DUE, due.due().table().arn(), Messages.toJson(due));
    }

    private static Instant slotNow() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void aDueBecomesOneAvailableBackupWithTheDeterministicNameAndOneBackupCreatedKeyedByTable() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("orders"));
        Tables.putItem(dynamo, table.name(), "a", "1");
        UUID policyId = UUID.randomUUID();
        BackupDue due = Dues.due(policyId, table, slotNow(), Duration.ofHours(1));

        send(due);
        List<Message> outcomes = outcomesFor(table, 1);

        assertThat(outcomes).hasSize(1);
        BackupCreated created = (BackupCreated) outcomes.get(0);
        assertThat(created.id()).isEqualTo(Ids.outcomeId(due.id()));
        assertThat(created.due()).isEqualTo(due.due());
        assertThat(created.backupName()).isEqualTo(Ids.backupName(table.name(), due.due().slot(), policyId));
        assertThat(created.createdAt()).isNotNull();
        List<BackupSummary> backups = Tables.backups(dynamo, table.name());
        assertThat(backups).singleElement().satisfies(b -> {
            assertThat(b.backupArn()).isEqualTo(created.backupArn());
            assertThat(b.backupStatus()).isEqualTo(BackupStatus.AVAILABLE);
        });
    }

    @Test
    void aClaimedDueIsAnnouncedAsStartedBeforeItsOutcomeOnTheSamePartition() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("started"));
        BackupDue due = Dues.due(UUID.randomUUID(), table, slotNow(), Duration.ofHours(1));

        send(due);
        List<Message> events = KafkaTopics.read(bootstrap, Topics.BACKUP_EVENTS, r -> table.arn().equals(r.key()), 2,
                WAIT).stream().map(ConsumerRecord::value).map(Messages::parse).toList();

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(BackupStarted.class, started -> {
            assertThat(started.due()).isEqualTo(due.due());
            assertThat(started.startedBy()).isNotBlank();
            assertThat(started.occurredAt()).isBefore(events.get(1).occurredAt().plusMillis(1));
        });
        assertThat(events.get(1)).isInstanceOf(BackupCreated.class);
    }

    @Test
    void theSameDueDeliveredTwiceMakesOneBackupAndPublishesTheSameOutcomeTwice() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("twice"));
        BackupDue due = Dues.due(UUID.randomUUID(), table, slotNow(), Duration.ofHours(1));

        send(due);
        send(due);
        List<Message> outcomes = outcomesFor(table, 2);

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(1)).isEqualTo(outcomes.get(0));
        assertThat(Tables.backups(dynamo, table.name())).hasSize(1);
    }

    @Test
    void aDueForAMissingTableYieldsOneNonRetriedBackupFailed() {
        TableRef table = Dues.table(Tables.uniqueName("missing"));
        BackupDue due = Dues.due(UUID.randomUUID(), table, slotNow(), Duration.ofHours(1));

        send(due);
        List<Message> outcomes = outcomesFor(table, 1);

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(BackupFailed.class, failed -> {
            assertThat(failed.id()).isEqualTo(Ids.outcomeId(due.id()));
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(failed.reason()).containsIgnoringCase("not found");
        });
    }

    @Test
    void aDueArrivingAfterItsStartWindowIsRecordedMissedAndNoBackupIsMade() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("late"));
        BackupDue due = Dues.due(UUID.randomUUID(), table, slotNow().minus(Duration.ofHours(2)), Duration.ofHours(1));

        send(due);
        List<Message> outcomes = outcomesFor(table, 1);

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(BackupMissed.class,
                missed -> assertThat(missed.reason()).contains("after its start window ended"));
        assertThat(Tables.backups(dynamo, table.name())).isEmpty();
    }
}
