package io.gfsbackup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.RestoreEnded;
import io.gfsbackup.contracts.messages.RestoreOptions;
import io.gfsbackup.contracts.messages.RestoreRequested;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.RestoreStarted;
import io.gfsbackup.contracts.messages.RestoreTestRun;
import io.gfsbackup.contracts.messages.ScratchTableDropped;
import io.gfsbackup.contracts.messages.ScratchTableExpired;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.RestoreValidation;
import io.gfsbackup.contracts.policy.TableSelection;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.persistence.DynamoDbLedger;
import io.gfsbackup.worker.persistence.PointLease;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.KafkaTopics;
import io.gfsbackup.worker.support.Tables;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** restore-requests in: a point restored to a new table once, RestoreStarted and RestoreEnded on backup-events. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class RestoreFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DynamoDbClient dynamo;

    @Inject
    DynamoDbLedger ledger;

    private final UUID policyId = UUID.randomUUID();
    /** 30 days ago: the dues' flags have all ended by now, so the point may also be expired. */
    private final Instant slot = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);

    private BackupCreated backUp(TableRef table) {
        BackupDue due = Dues.due(policyId, table, slot, Duration.between(slot, Instant.now()).plusHours(1));
        KafkaTopics.send(bootstrap, Topics.BACKUP_DUE, table.arn(), Messages.toJson(due));
        return (BackupCreated) events(table, m -> m instanceof BackupCreated, 1).get(0);
    }

    /** The first {@code expected} events of {@code table} that match {@code which}. */
    private List<Message> events(TableRef table, Predicate<Message> which, int expected) {
        return KafkaTopics.await(bootstrap, Topics.BACKUP_EVENTS, r -> table.arn().equals(r.key())
                        && which.test(Messages.parse(r.value())), expected, WAIT)
                .stream().map(ConsumerRecord::value).map(Messages::parse).toList();
    }

    /** All events of {@code table} that match {@code which}, once {@code expected} arrived and a little more. */
    private List<Message> allEvents(TableRef table, Predicate<Message> which, int expected) {
        return KafkaTopics.read(bootstrap, Topics.BACKUP_EVENTS, r -> table.arn().equals(r.key())
                        && which.test(Messages.parse(r.value())), expected, WAIT)
                .stream().map(ConsumerRecord::value).map(Messages::parse).toList();
    }

    private static TableRef target(TableRef source, String name) {
        return Dues.table(source.region(), source.accountId(), name);
    }

    private RestoreRequested request(TableRef table, BackupCreated created, TableRef target, RestoreOptions options,
                                     RestoreTestRun test) {
        RestoreSource source = new RestoreSource(policyId, table, slot, created.backupArn());
        return RestoreRequested.of(UUID.randomUUID(), source, target, options, "alice",
                Instant.now().truncatedTo(ChronoUnit.MILLIS), test);
    }

    private void send(RestoreRequested request) {
        KafkaTopics.send(bootstrap, Topics.RESTORE_REQUESTS, request.source().table().arn(), Messages.toJson(request));
    }

    private RestoreEnded ended(TableRef table) {
        return (RestoreEnded) events(table, m -> m instanceof RestoreEnded, 1).get(0);
    }

    private RestoreTestRun test(double tolerance, int samples, Duration keepFor) {
        return new RestoreTestRun(policyId, 3, Instant.now().truncatedTo(ChronoUnit.SECONDS), 42L,
                new RestoreValidation(tolerance, samples), keepFor);
    }

    private String deadLetterReason(String key) {
        List<ConsumerRecord<String, String>> dead = KafkaTopics.await(bootstrap, Topics.dlq(Topics.RESTORE_REQUESTS),
                r -> key.equals(r.key()), 1, WAIT);
        assertThat(dead).as("dead letters of %s", key).isNotEmpty();
        return KafkaTopics.header(dead.get(0), "dead-letter-reason");
    }

    private boolean exists(String table) {
        try {
            dynamo.describeTable(b -> b.tableName(table));
            return true;
        } catch (ResourceNotFoundException gone) {
            return false;
        }
    }

    @Test
    void aRestoreBringsBackTheItemsOfThePointAnnouncedStartedThenCompletedWithItsTimings() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("restore"));
        Tables.putItem(dynamo, table.name(), "k1", "before-1");
        Tables.putItem(dynamo, table.name(), "k2", "before-2");
        BackupCreated created = backUp(table);
        Tables.putItem(dynamo, table.name(), "k3", "after");
        Tables.putItem(dynamo, table.name(), "k1", "changed-after");
        TableRef target = target(table, table.name() + "-restored");
        RestoreRequested request = request(table, created, target, RestoreOptions.NONE, null);

        send(request);
        List<Message> events = events(table, m -> m instanceof RestoreStarted || m instanceof RestoreEnded, 2);

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(RestoreStarted.class, started -> {
            assertThat(started.restoreId()).isEqualTo(request.restoreId());
            assertThat(started.source().backupArn()).isEqualTo(created.backupArn());
            assertThat(started.test()).isFalse();
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(RestoreEnded.class, ended -> {
            assertThat(ended.outcome()).isEqualTo(RestoreEnded.Outcome.COMPLETED);
            assertThat(ended.error()).isNull();
            assertThat(ended.target().arn()).isEqualTo(target.arn());
            assertThat(ended.startedAt()).isNotNull();
            assertThat(ended.activeAt()).isNotNull();
            assertThat(ended.timeToRestore().isNegative()).isFalse();
            assertThat(ended.activeAt()).isAfterOrEqualTo(ended.startedAt());
            assertThat(ended.requestedBy()).isEqualTo("alice");
        });
        List<Map<String, AttributeValue>> items = dynamo.scan(b -> b.tableName(target.name()).consistentRead(true))
                .items();
        assertThat(items).extracting(i -> i.get("pk").s() + "=" + i.get("v").s())
                .containsExactlyInAnyOrder("k1=before-1", "k2=before-2");
    }

    @Test
    void theSourceTablesTagsTtlPointInTimeRecoveryAndStreamAreReappliedToTheNewTable() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("reapply"));
        Tables.putItem(dynamo, table.name(), "k1", "v");
        BackupCreated created = backUp(table);
        dynamo.tagResource(b -> b.resourceArn(table.arn()).tags(Tag.builder().key("team").value("orders").build()));
        dynamo.updateTimeToLive(b -> b.tableName(table.name()).timeToLiveSpecification(s -> s.enabled(true)
                .attributeName("expiresAt")));
        dynamo.updateContinuousBackups(b -> b.tableName(table.name())
                .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
        dynamo.updateTable(b -> b.tableName(table.name()).streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        TableRef target = target(table, table.name() + "-copy");

        send(request(table, created, target, new RestoreOptions(null, null, null, null, null, null,
                EnumSet.allOf(RestoreOptions.SourceSetting.class)), null));
        RestoreEnded ended = ended(table);

        assertThat(ended.outcome()).isEqualTo(RestoreEnded.Outcome.COMPLETED);
        assertThat(ended.warnings()).isEmpty();
        assertThat(dynamo.listTagsOfResource(b -> b.resourceArn(target.arn())).tags())
                .extracting(Tag::key, Tag::value).contains(org.assertj.core.groups.Tuple.tuple("team", "orders"));
        assertThat(dynamo.describeTimeToLive(b -> b.tableName(target.name())).timeToLiveDescription())
                .satisfies(ttl -> {
                    assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
                    assertThat(ttl.attributeName()).isEqualTo("expiresAt");
                });
        assertThat(dynamo.describeContinuousBackups(b -> b.tableName(target.name())).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus())
                .isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        assertThat(dynamo.describeTable(b -> b.tableName(target.name())).table().streamSpecification())
                .satisfies(stream -> {
                    assertThat(stream.streamEnabled()).isTrue();
                    assertThat(stream.streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
                });
    }

    @Test
    void aTargetTableThatExistsFailsTheRestoreAndTheTableIsLeftAsItWas() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("exists"));
        BackupCreated created = backUp(table);
        TableRef other = Tables.create(dynamo, Tables.uniqueName("someone-elses"));
        Tables.putItem(dynamo, other.name(), "theirs", "v");

        send(request(table, created, other, RestoreOptions.NONE, null));
        RestoreEnded ended = ended(table);

        assertThat(ended.outcome()).isEqualTo(RestoreEnded.Outcome.FAILED);
        assertThat(ended.error()).contains("target table exists").contains(other.name());
        assertThat(dynamo.scan(b -> b.tableName(other.name())).items()).hasSize(1);
    }

    @Test
    void aRestoreOfAPointWhoseBackupWasDeletedFailsSayingSo() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("deleted"));
        BackupCreated created = backUp(table);
        KafkaTopics.send(bootstrap, Topics.RETENTION_EVENTS, table.arn(), Messages.toJson(Dues.expired(policyId,
                table, slot, created.backupArn(), created.backupName(), Instant.now())));
        events(table, m -> m instanceof BackupDeleted, 1);

        send(request(table, created, target(table, table.name() + "-late"), RestoreOptions.NONE, null));
        RestoreEnded ended = ended(table);

        assertThat(ended.outcome()).isEqualTo(RestoreEnded.Outcome.FAILED);
        assertThat(ended.error()).isEqualTo("the point's backup was deleted");
        assertThat(ended.startedAt()).isNull();
        assertThat(exists(table.name() + "-late")).isFalse();
    }

    @Test
    void aRequestDeliveredTwiceRestoresOnceAndPublishesTheSameOutcomeTwice() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("twice"));
        Tables.putItem(dynamo, table.name(), "k1", "v");
        BackupCreated created = backUp(table);
        RestoreRequested request = request(table, created, target(table, table.name() + "-once"),
                RestoreOptions.NONE, null);

        send(request);
        send(request);
        List<Message> events = allEvents(table, m -> m instanceof RestoreStarted || m instanceof RestoreEnded, 3);

        assertThat(events).filteredOn(RestoreStarted.class::isInstance).hasSize(1);
        List<Message> ends = events.stream().filter(RestoreEnded.class::isInstance).toList();
        assertThat(ends).hasSize(2);
        assertThat(ends.get(1)).isEqualTo(ends.get(0));
        assertThat(((RestoreEnded) ends.get(0)).outcome()).isEqualTo(RestoreEnded.Outcome.COMPLETED);
    }

    @Test
    void aPassingRestoreTestValidatesItsScratchTableAndDropsIt() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("tested"));
        for (int i = 0; i < 12; i++) {
            Tables.putItem(dynamo, table.name(), "k" + i, "v" + i);
        }
        BackupCreated created = backUp(table);
        TableRef scratch = target(table, TableSelection.RESERVED_PREFIX + table.name());

        send(request(table, created, scratch, RestoreOptions.NONE, test(0.0, 5, Duration.ZERO)));
        RestoreEnded ended = ended(table);

        assertThat(ended.outcome()).isEqualTo(RestoreEnded.Outcome.COMPLETED);
        assertThat(ended.validation()).satisfies(v -> {
            assertThat(v.passed()).isTrue();
            assertThat(v.expectedItems()).isEqualTo(12);
            assertThat(v.scannedItems()).isEqualTo(12);
            assertThat(v.sampled()).isEqualTo(5);
            assertThat(v.readBack()).isEqualTo(5);
            assertThat(v.dropAt()).isNotNull();
            assertThat(v.detail()).contains("counted 12 items").contains("5 of 5 sampled items read back");
        });
        assertThat(exists(scratch.name())).as("the scratch table is dropped").isFalse();
    }

    @Test
    void aKeptScratchTableIsDroppedWhenItExpiresAndOnlyAScratchTableThisRestoreMadeIsDropped() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("kept"));
        Tables.putItem(dynamo, table.name(), "k1", "v");
        BackupCreated created = backUp(table);
        TableRef scratch = target(table, TableSelection.RESERVED_PREFIX + table.name());
        RestoreRequested kept = request(table, created, scratch, RestoreOptions.NONE, test(0.1, 1, Duration.ofHours(1)));
        send(kept);
        RestoreEnded ended = ended(table);
        assertThat(ended.validation().dropAt()).isEqualTo(ended.activeAt().plus(Duration.ofHours(1)));
        assertThat(exists(scratch.name())).as("kept for an hour").isTrue();
        TableRef plain = target(table, table.name() + "-plain");
        RestoreRequested notATest = request(table, created, plain, RestoreOptions.NONE, null);
        send(notATest);
        events(table, m -> m instanceof RestoreEnded ended2 && ended2.restoreId().equals(notATest.restoreId()), 1);

        String refusedKey = table.arn() + "-refused";
        KafkaTopics.send(bootstrap, Topics.RESTORE_REQUESTS, refusedKey, Messages.toJson(ScratchTableExpired.of(
                notATest.restoreId(), notATest.source(), plain, Instant.now())));
        KafkaTopics.send(bootstrap, Topics.RESTORE_REQUESTS, table.arn(), Messages.toJson(ScratchTableExpired.of(
                kept.restoreId(), kept.source(), scratch, Instant.now())));

        assertThat(events(table, ScratchTableDropped.class::isInstance, 1)).singleElement()
                .isInstanceOfSatisfying(ScratchTableDropped.class, dropped -> {
                    assertThat(dropped.table()).isEqualTo(scratch);
                    assertThat(dropped.alreadyGone()).isFalse();
                });
        assertThat(exists(scratch.name())).isFalse();
        assertThat(deadLetterReason(refusedKey)).contains("not a scratch table");
        assertThat(exists(plain.name())).isTrue();
    }

    @Test
    void aDeletionOfAPointUnderRestoreWaitsForTheRestoreLeaseToRunOutAndThenDeletes() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("under-restore"));
        BackupCreated created = backUp(table);
        Instant leaseEnd = Instant.now().plusSeconds(3);
        // a restore of the point in progress on a worker that then stops: its lease runs out, nobody renews it
        assertThat(ledger.addRestoreLease(created.due().dueId(), UUID.randomUUID(), leaseEnd))
                .isEqualTo(PointLease.ADDED);

        KafkaTopics.send(bootstrap, Topics.RETENTION_EVENTS, table.arn(), Messages.toJson(Dues.expired(policyId,
                table, slot, created.backupArn(), created.backupName(), Instant.now())));
        BackupDeleted deleted = (BackupDeleted) events(table, m -> m instanceof BackupDeleted, 1).get(0);

        assertThat(deleted.occurredAt()).as("deleted only after the restore lease ended").isAfter(leaseEnd);
        assertThat(deleted.alreadyGone()).isFalse();
        assertThat(Tables.backups(dynamo, table.name())).extracting(BackupSummary::backupArn)
                .doesNotContain(created.backupArn());
    }

    @Test
    void anotherMessageTypeOrATestRestoreToANonScratchTableGoesToTheDlqAndRestoresNothing() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("bad-restore"));
        BackupCreated created = backUp(table);
        String wrongType = table.arn() + "-type";
        KafkaTopics.send(bootstrap, Topics.RESTORE_REQUESTS, wrongType, Messages.toJson(
                Dues.due(policyId, table, slot, Duration.ofHours(1))));
        TableRef notScratch = target(table, table.name() + "-not-scratch");
        send(request(table, created, notScratch, RestoreOptions.NONE, test(0.1, 1, Duration.ZERO)));

        assertThat(deadLetterReason(wrongType)).contains("BackupDue is not a message of restore-requests");
        assertThat(deadLetterReason(table.arn())).contains("target.name")
                .contains("must start with " + TableSelection.RESERVED_PREFIX);
        assertThat(exists(notScratch.name())).isFalse();
    }
}
