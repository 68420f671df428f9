package io.gfsbackup.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.BackupStarted;
import io.gfsbackup.contracts.messages.FlagUnassigned;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.RetentionGap;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.messaging.DeadLetters;
import io.gfsbackup.retention.support.BackupEvents;
import io.gfsbackup.retention.support.ChainEvents;
import io.gfsbackup.retention.support.Chains;
import io.gfsbackup.retention.support.TestKafka;
import io.gfsbackup.retention.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** backup-events in, retention-events out, on the real broker and database, with the clock moved by the test. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class RetentionFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    javax.sql.DataSource dataSource;

    @Inject
    Clock clock;

    private TestKafka kafka;
    private TestTime time;

    @BeforeEach
    void connect() {
        kafka = new TestKafka(bootstrapServers);
        time = new TestTime(bootstrapServers, clock);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
        time.close();
    }

    @Test
    void backupCreatedInPointExpiredOutWhenTheMovedClockReachesTheExpiry() {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("flow");
        Instant slot = time.freshDay().plus(Duration.ofHours(7));
        time.set(slot);
        BackupCreated created = BackupEvents.created(policy, table, slot, Flags.of(Tier.D), Chains.veeam(0));
        kafka.publish(created);
        UUID chainId = Ids.chainId(policy, table.arn());
        await().atMost(WAIT).until(() -> ChainEvents.count(chainId) == 2);

        Instant expiry = slot.plus(Duration.ofDays(3));
        time.set(expiry.minusSeconds(1));
        ChainEvents.sleep(Duration.ofSeconds(2));
        assertThat(kafka.retentionEvents(table.arn())).isEmpty();

        time.set(expiry);
        await().atMost(WAIT).until(() -> kafka.retentionEvents(table.arn()).size() == 2);
        List<Message> commands = kafka.retentionEvents(table.arn());
        FlagUnassigned unassigned = (FlagUnassigned) commands.get(0);
        PointExpired expired = (PointExpired) commands.get(1);
        assertThat(unassigned.id()).isEqualTo(Ids.flagUnassignedId(policy, table.arn(), slot, Tier.D));
        assertThat(unassigned.at()).isEqualTo(expiry);
        assertThat(expired.id()).isEqualTo(Ids.pointExpiredId(policy, table.arn(), slot));
        assertThat(expired.at()).isEqualTo(expiry);
        assertThat(expired.backupArn()).isEqualTo(created.backupArn());
        assertThat(expired.backupName()).isEqualTo(created.backupName());
        assertThat(expired.reason()).isEqualTo("NO_FLAGS_LEFT");
        assertThat(expired.table()).isEqualTo(table);
    }

    @Test
    void duplicateBackupCreatedChangesNothing() {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("duplicate");
        Instant slot = time.freshDay().plus(Duration.ofHours(7));
        BackupCreated created = BackupEvents.created(policy, table, slot, Flags.of(Tier.D, Tier.W), Chains.veeam(1));
        UUID chainId = Ids.chainId(policy, table.arn());
        kafka.publish(created);
        await().atMost(WAIT).until(() -> ChainEvents.count(chainId) == 2);

        kafka.publish(created);
        BackupCreated sameSlotOtherId = new BackupCreated(UUID.randomUUID(), created.occurredAt(), created.due(),
                created.backupArn(), created.backupName(), created.sizeBytes(), created.createdAt());
        kafka.publish(sameSlotOtherId);
        TableRef marker = Chains.uniqueTable("marker");
        kafka.publish(BackupEvents.created(policy, marker, slot, Flags.of(Tier.D), Chains.veeam(1)));
        await().atMost(WAIT).until(() -> ChainEvents.count(Ids.chainId(policy, marker.arn())) == 2);

        assertThat(ChainEvents.count(chainId)).isEqualTo(2);
    }

    @Test
    void unparseableMessageGoesToTheDlqWithTheErrorAndTheConsumerGoesOn() {
        String key = "arn:aws:dynamodb:us-east-1:123456789012:table/garbage-" + UUID.randomUUID();
        kafka.publish(Topics.BACKUP_EVENTS, key, "{\"type\":\"BackupCreated\",\"id\":\"not-a-uuid\"}");
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("after-garbage");
        kafka.publish(BackupEvents.created(policy, table, time.freshDay(), Flags.of(Tier.D), Chains.veeam(0)));

        await().atMost(WAIT).until(() -> kafka.records(Topics.dlq(Topics.BACKUP_EVENTS), key).size() == 1);
        ConsumerRecord<String, String> dead = kafka.records(Topics.dlq(Topics.BACKUP_EVENTS), key).get(0);
        assertThat(header(dead, DeadLetters.REASON)).contains("id");
        assertThat(header(dead, DeadLetters.TOPIC)).isEqualTo(Topics.BACKUP_EVENTS);
        assertThat(header(dead, DeadLetters.EXCEPTION_CLASS)).endsWith("MalformedMessageException");
        await().atMost(WAIT).until(() -> ChainEvents.count(Ids.chainId(policy, table.arn())) == 2);
    }

    @Test
    void aBackupStartedChangesNoChainAndIsNotDeadLetteredAloneOrInABatch() {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("started");
        Instant slot = time.freshDay().plus(Duration.ofHours(7));
        BackupCreated created = BackupEvents.created(policy, table, slot, Flags.of(Tier.D), Chains.veeam(1));
        UUID chainId = Ids.chainId(policy, table.arn());

        kafka.publish(BackupStarted.of(created.due(), "worker-1", slot));
        kafka.publishAll(List.of(BackupStarted.of(created.due(), "worker-2", slot), created));
        await().atMost(WAIT).until(() -> ChainEvents.count(chainId) == 2);
        TableRef marker = Chains.uniqueTable("started-marker");
        kafka.publish(BackupEvents.created(policy, marker, slot, Flags.of(Tier.D), Chains.veeam(1)));
        await().atMost(WAIT).until(() -> ChainEvents.count(Ids.chainId(policy, marker.arn())) == 2);

        assertThat(ChainEvents.count(chainId)).isEqualTo(2);
        assertThat(kafka.records(Topics.dlq(Topics.BACKUP_EVENTS), table.arn())).isEmpty();
    }

    @Test
    void invalidMessageAmongValidOnesGoesToTheDlqAloneAndTheOthersTakeEffect() {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("mixed");
        Instant day = time.freshDay();
        PointExpired neverRecorded = new PointExpired(Ids.pointExpiredId(UUID.randomUUID(), table.arn(), day), day,
                UUID.randomUUID(), table, day, Chains.backupArn(table, day), "name", day, "NO_FLAGS_LEFT");
        kafka.publishAll(List.of(
                BackupEvents.created(policy, table, day.plus(Duration.ofHours(1)), Flags.of(Tier.D), Chains.veeam(1)),
                BackupDeleted.of(neverRecorded, false, day),
                BackupEvents.created(policy, table, day.plus(Duration.ofHours(2)), Flags.of(Tier.D), Chains.veeam(1))));

        await().atMost(WAIT).until(() -> ChainEvents.count(Ids.chainId(policy, table.arn())) == 3);
        await().atMost(WAIT).until(() -> kafka.records(Topics.dlq(Topics.BACKUP_EVENTS), table.arn()).size() == 1);
    }

    @Test
    void aDecisionThatCannotBePublishedGoesToTheDlqAndTheLaterDecisionsOfOtherChainsAreStillPublished()
            throws Exception {
        UUID policy = UUID.randomUUID();
        TableRef broken = Chains.uniqueTable("unpublishable");
        TableRef other = Chains.uniqueTable("published");
        Instant day = time.freshDay();
        Instant brokenSlot = day.plus(Duration.ofHours(7));
        Instant otherSlot = day.plus(Duration.ofHours(8));
        time.set(otherSlot);
        kafka.publish(BackupEvents.created(policy, broken, brokenSlot, Flags.of(Tier.D), Chains.veeam(0)));
        kafka.publish(BackupEvents.created(policy, other, otherSlot, Flags.of(Tier.D), Chains.veeam(0)));
        UUID brokenChain = Ids.chainId(policy, broken.arn());
        await().atMost(WAIT).until(() -> ChainEvents.count(brokenChain) == 2
                && ChainEvents.count(Ids.chainId(policy, other.arn())) == 2);
        // the backup of the broken chain's point is lost from the read model: its PointExpired cannot be made
        try (java.sql.Connection connection = dataSource.getConnection();
             java.sql.PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM restore_point WHERE chain_id = ?")) {
            delete.setObject(1, brokenChain);
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }

        time.set(brokenSlot.plus(Duration.ofDays(3)));
        await().atMost(WAIT).until(() -> kafka.records(Topics.dlq(Topics.RETENTION_EVENTS), brokenChain.toString())
                .size() == 1);
        time.set(otherSlot.plus(Duration.ofDays(3)));

        await().atMost(WAIT).until(() -> kafka.retentionEvents(other.arn()).size() == 2);
        assertThat(kafka.retentionEvents(other.arn()).get(1)).isInstanceOf(PointExpired.class);
        assertThat(kafka.retentionEvents(broken.arn())).singleElement().isInstanceOf(FlagUnassigned.class);
        ConsumerRecord<String, String> dead = kafka.records(Topics.dlq(Topics.RETENTION_EVENTS),
                brokenChain.toString()).get(0);
        assertThat(header(dead, DeadLetters.REASON)).contains("has no recorded backup of slot " + brokenSlot);
        assertThat(dead.value()).contains("PointExpired");
    }

    @Test
    void aKeepTooLongToComputeGoesToTheDlqInsteadOfBlockingThePartition() {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("forever");
        Instant day = time.freshDay();
        // a keep no policy may have now (at most P100Y), as a message written before that bound would carry it
        RetentionSettings forever = new RetentionSettings(java.time.ZoneOffset.UTC,
                java.util.Map.of(Tier.D, java.time.Period.ofYears(999_999_999)), 1);
        kafka.publish(BackupEvents.created(policy, table, day.plus(Duration.ofHours(7)), Flags.of(Tier.D), forever));
        TableRef after = Chains.uniqueTable("after-forever");
        kafka.publish(BackupEvents.created(policy, after, day.plus(Duration.ofHours(7)), Flags.of(Tier.D),
                Chains.veeam(1)));

        await().atMost(WAIT).until(() -> kafka.records(Topics.dlq(Topics.BACKUP_EVENTS), table.arn()).size() == 1);
        await().atMost(WAIT).until(() -> ChainEvents.count(Ids.chainId(policy, after.arn())) == 2);
    }

    @Test
    void backupDeletedOfAChainThatDoesNotExistGoesToTheDlq() {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("no-chain");
        Instant slot = time.freshDay();
        PointExpired expired = new PointExpired(Ids.pointExpiredId(policy, table.arn(), slot), slot, policy, table,
                slot, Chains.backupArn(table, slot), "name", slot, "NO_FLAGS_LEFT");
        kafka.publish(BackupDeleted.of(expired, false, slot));

        await().atMost(WAIT).until(() -> kafka.records(Topics.dlq(Topics.BACKUP_EVENTS), table.arn()).size() == 1);
        assertThat(header(kafka.records(Topics.dlq(Topics.BACKUP_EVENTS), table.arn()).get(0),
                DeadLetters.EXCEPTION_CLASS)).endsWith("AggregateNotFoundException");
    }

    @Test
    void missedWeeklySlotWithNoBackupBeforeTheNextWeeklySlotPublishesARetentionGap() {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("gap");
        Instant slot = time.freshDay().plus(Duration.ofHours(7));
        Instant nextWeekly = slot.plus(Duration.ofDays(7));
        kafka.publish(BackupEvents.missed(policy, table, slot, Flags.of(Tier.D, Tier.W), Chains.veeam(1),
                Map.of(Tier.W, nextWeekly)));
        await().atMost(WAIT).until(() -> ChainEvents.count(Ids.chainId(policy, table.arn())) == 2);

        time.set(nextWeekly);
        await().atMost(WAIT).until(() -> kafka.retentionEvents(table.arn()).size() == 1);
        RetentionGap gap = (RetentionGap) kafka.retentionEvents(table.arn()).get(0);
        assertThat(gap.id()).isEqualTo(Ids.retentionGapId(policy, table.arn(), Tier.W, slot));
        assertThat(gap.periodStart()).isEqualTo(slot);
        assertThat(gap.periodEnd()).isEqualTo(nextWeekly);
    }



    private static String header(ConsumerRecord<String, String> record, String name) {
        return DeadLetters.header(record.headers(), name);
    }
}
