package io.gfsbackup.worker;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.DeletionsPaused;
import io.gfsbackup.contracts.messages.DeletionsResumed;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.config.WorkerConfig;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.KafkaTopics;
import io.gfsbackup.worker.support.Tables;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;

/** retention-events in: deletes only what this system made. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class BackupDeletionFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DynamoDbClient dynamo;

    private final UUID policyId = UUID.randomUUID();
    /** 30 days ago: the dues' flags (D for 7 days, W for 28) have all ended by now, so the point may go. */
    private Instant slot = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);

    @Inject
    WorkerConfig config;

    private BackupCreated backUp(TableRef table) {
        BackupDue due = Dues.due(policyId, table, slot, Duration.between(slot, Instant.now()).plusHours(1));
        KafkaTopics.send(bootstrap, Topics.BACKUP_DUE, table.arn(), Messages.toJson(due));
        return (BackupCreated) events(table, m -> m instanceof BackupCreated, 1).get(0);
    }

    private List<Message> events(TableRef table, java.util.function.Predicate<Message> which, int expected) {
        return KafkaTopics.read(bootstrap, Topics.BACKUP_EVENTS, r -> KafkaTopics.isOutcome(r) && table.arn().equals(r.key())
                        && which.test(Messages.parse(r.value())), expected, WAIT)
                .stream().map(ConsumerRecord::value).map(Messages::parse).toList();
    }

    private PointExpired expire(TableRef table, String arn, String name) {
        PointExpired expired = Dues.expired(policyId, table, slot, arn, name, Instant.now());
        KafkaTopics.send(bootstrap, Topics.RETENTION_EVENTS, table.arn(), Messages.toJson(expired));
        return expired;
    }

    private String manualBackup(TableRef table) {
        return dynamo.createBackup(b -> b.tableName(table.name()).backupName("by-hand-" + table.name()))
                .backupDetails().backupArn();
    }

    @Test
    void aPointExpiredDeletesTheBackupThisSystemMadeAndLeavesTheManualBackupOfTheSameTable() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("del"));
        BackupCreated created = backUp(table);
        String manual = manualBackup(table);

        PointExpired expired = expire(table, created.backupArn(), created.backupName());
        List<Message> deleted = events(table, m -> m instanceof BackupDeleted, 1);

        assertThat(deleted).singleElement().isInstanceOfSatisfying(BackupDeleted.class, d -> {
            assertThat(d.id()).isEqualTo(Ids.backupDeletedId(policyId, table.arn(), slot));
            assertThat(d.backupArn()).isEqualTo(created.backupArn());
            assertThat(d.alreadyGone()).isFalse();
            assertThat(d.causedBy()).isEqualTo(expired.id());
        });
        assertThat(Tables.backups(dynamo, table.name())).extracting(BackupSummary::backupArn).containsExactly(manual);
    }

    @Test
    void aBackupAlreadyDeletedByHandStillYieldsBackupDeletedOnceWithTheSameIdWhenRepeated() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("gone"));
        BackupCreated created = backUp(table);
        dynamo.deleteBackup(b -> b.backupArn(created.backupArn()));

        expire(table, created.backupArn(), created.backupName());
        expire(table, created.backupArn(), created.backupName());
        List<Message> deleted = events(table, m -> m instanceof BackupDeleted, 2);

        assertThat(deleted).hasSize(2);
        assertThat(deleted.get(1)).isEqualTo(deleted.get(0));
        assertThat(((BackupDeleted) deleted.get(0)).alreadyGone()).isTrue();
    }

    private String deadLetterReason(TableRef table) {
        List<ConsumerRecord<String, String>> dead = KafkaTopics.read(bootstrap, Topics.dlq(Topics.RETENTION_EVENTS),
                r -> table.arn().equals(r.key()), 1, WAIT);
        return KafkaTopics.header(dead.get(0), "dead-letter-reason");
    }

    @Test
    void aForgedPointExpiredForAPointUnderLegalHoldIsRefusedToTheDlqAndTheBackupStays() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("held"));
        BackupCreated created = backUp(table);
        UUID dueId = Ids.dueId(policyId, table.arn(), slot);
        dynamo.putItem(b -> b.tableName(config.holds().table()).item(Map.of(
                "dueId", AttributeValue.fromS(dueId.toString()), "placedBy", AttributeValue.fromS("alice"),
                "placedAt", AttributeValue.fromS(Instant.now().toString()),
                "reason", AttributeValue.fromS("litigation 42"))));

        expire(table, created.backupArn(), created.backupName());

        assertThat(deadLetterReason(table)).contains("under legal hold").contains("litigation 42");
        assertThat(Tables.backups(dynamo, table.name())).extracting(BackupSummary::backupArn)
                .containsExactly(created.backupArn());
    }

    @Test
    void aForgedPointExpiredMonthsBeforeThePointCanExpireIsRefusedToTheDlqAndTheBackupStays() {
        slot = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS); // W keeps it 26 more days
        TableRef table = Tables.create(dynamo, Tables.uniqueName("early"));
        BackupCreated created = backUp(table);

        expire(table, created.backupArn(), created.backupName());

        assertThat(deadLetterReason(table)).contains("until at least " + slot.plus(Duration.ofDays(28)));
        assertThat(Tables.backups(dynamo, table.name())).extracting(BackupSummary::backupArn)
                .containsExactly(created.backupArn());
    }

    @Test
    void aDeletionsPausedOrResumedOfTheRetentionServiceIsIgnoredAndNotDeadLettered() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("paused"));
        BackupCreated created = backUp(table);
        DeletionsPaused paused = DeletionsPaused.of(policyId, "CLOCK_LEAD", "the clock moved 365 d 0 h in 3 s of wall"
                + " time", slot.plus(Duration.ofDays(365)), Instant.now());
        DeletionsResumed resumed = DeletionsResumed.of(policyId, "alice", Instant.now());
        // keyed by table here (the retention service keys them by policy id) so that they precede the expiry below
        KafkaTopics.send(bootstrap, Topics.RETENTION_EVENTS, table.arn(), Messages.toJson(paused));
        KafkaTopics.send(bootstrap, Topics.RETENTION_EVENTS, table.arn(), Messages.toJson(resumed));

        expire(table, created.backupArn(), created.backupName());

        assertThat(events(table, m -> m instanceof BackupDeleted, 1)).hasSize(1);
        assertThat(KafkaTopics.read(bootstrap, Topics.dlq(Topics.RETENTION_EVENTS), r -> table.arn().equals(r.key()),
                1, Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void aPointExpiredNamingAManualBackupIsRefusedToTheDlqAndTheBackupIsNotTouched() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("manual"));
        BackupCreated created = backUp(table);
        String manual = manualBackup(table);

        expire(table, manual, "by-hand-" + table.name());

        assertThat(deadLetterReason(table)).contains("did not create it");
        assertThat(Tables.backups(dynamo, table.name())).extracting(BackupSummary::backupArn)
                .containsExactlyInAnyOrder(manual, created.backupArn());
        assertThat(events(table, m -> m instanceof BackupDeleted, 0)).isEmpty();
    }
}
