package io.gfsbackup.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.persistence.DynamoDbLedger;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.KafkaTopics;
import io.gfsbackup.worker.support.OtherAccount;
import io.gfsbackup.worker.support.Tables;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Tables of another account (222222222222), reached through the role the due names: moto's STS hands out
 * credentials that act in the role's account, as AWS does.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class OtherAccountsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AwsAccount SECOND = OtherAccount.SECOND;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DynamoDbClient dynamo;

    @Inject
    DynamoDbLedger ledger;

    /** DynamoDB of account 222222222222, through STS directly (not through the worker's clients). */
    private DynamoDbClient second;

    private final UUID policyId = UUID.randomUUID();
    /** 30 days ago: the dues' flags (D for 7 days, W for 28) have all ended by now, so the point may go. */
    private final Instant slot = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void reachTheSecondAccount() {
        second = OtherAccount.dynamoDb(dynamo, SECOND);
    }

    @AfterEach
    void close() {
        second.close();
    }

    private BackupCreated backUp(TableRef table, AwsAccount account) {
        BackupDue due = Dues.due(policyId, table, slot, Duration.between(slot, Instant.now()).plusHours(1), account);
        KafkaTopics.send(bootstrap, Topics.BACKUP_DUE, table.arn(), Messages.toJson(due));
        List<Message> outcome = events(table, m -> true, 1);
        assertThat(outcome).singleElement().as("the outcome of the due of " + table.arn())
                .isInstanceOf(BackupCreated.class);
        return (BackupCreated) outcome.get(0);
    }

    private List<Message> events(TableRef table, Predicate<Message> which, int expected) {
        return KafkaTopics.read(bootstrap, Topics.BACKUP_EVENTS, r -> KafkaTopics.isOutcome(r) && table.arn().equals(r.key())
                        && which.test(Messages.parse(r.value())), expected, WAIT)
                .stream().map(ConsumerRecord::value).map(Messages::parse).toList();
    }

    @Test
    void aDueOfATableInAnotherAccountIsBackedUpThereThroughItsRoleAndItsExpiryDeletesItThere() {
        String name = Tables.uniqueName("cross");
        TableRef table = Tables.create(second, name);
        assertThat(table.accountId()).as("the table is in the second account").isEqualTo(SECOND.accountId());

        BackupCreated created = backUp(table, SECOND);

        assertThat(created.due().account()).isEqualTo(SECOND);
        assertThat(created.due().table().arn()).isEqualTo(table.arn());
        assertThat(created.backupArn()).startsWith(table.arn() + "/backup/");
        assertThat(Tables.backups(second, name)).extracting(BackupSummary::backupArn)
                .containsExactly(created.backupArn());
        assertThatThrownBy(() -> dynamo.describeTable(b -> b.tableName(name)))
                .as("no table of that name in the own account").isInstanceOf(ResourceNotFoundException.class);
        assertThat(ledger.find(created.due().dueId()).orElseThrow().account()).isEqualTo(SECOND);

        PointExpired expired = Dues.expired(policyId, table, slot, created.backupArn(), created.backupName(),
                Instant.now());
        KafkaTopics.send(bootstrap, Topics.RETENTION_EVENTS, table.arn(), Messages.toJson(expired));
        List<Message> deleted = events(table, m -> m instanceof BackupDeleted, 1);

        assertThat(deleted).singleElement().isInstanceOfSatisfying(BackupDeleted.class, d -> {
            assertThat(d.id()).isEqualTo(Ids.backupDeletedId(policyId, table.arn(), slot));
            assertThat(d.backupArn()).isEqualTo(created.backupArn());
            assertThat(d.alreadyGone()).as("deleted in the account it was made in, not found missing elsewhere")
                    .isFalse();
        });
        assertThat(Tables.backups(second, name)).isEmpty();
    }

    @Test
    void tablesOfOneNameInTwoAccountsAreEachBackedUpInTheirOwnAccount() {
        String name = Tables.uniqueName("twin");
        TableRef own = Tables.create(dynamo, name);
        TableRef there = Tables.create(second, name);
        assertThat(own.arn()).isNotEqualTo(there.arn());

        BackupCreated ownBackup = backUp(own, null);
        BackupCreated thereBackup = backUp(there, SECOND);

        assertThat(ownBackup.backupArn()).startsWith(own.arn() + "/backup/");
        assertThat(thereBackup.backupArn()).startsWith(there.arn() + "/backup/");
        assertThat(Tables.backups(dynamo, name)).extracting(BackupSummary::backupArn)
                .containsExactly(ownBackup.backupArn());
        assertThat(Tables.backups(second, name)).extracting(BackupSummary::backupArn)
                .containsExactly(thereBackup.backupArn());
    }

    @Test
    void aTableThatDisappearsKeepsItsBackupUntilItsPointExpiresAndThenTheBackupIsDeleted() {
        String name = Tables.uniqueName("gone");
        TableRef table = Tables.create(second, name);
        BackupCreated created = backUp(table, SECOND);
        second.deleteTable(b -> b.tableName(name));
        assertThat(second.describeBackup(b -> b.backupArn(created.backupArn())).backupDescription().backupDetails()
                .backupStatus().toString()).as("a backup outlives its table").isEqualTo("AVAILABLE");

        PointExpired expired = Dues.expired(policyId, table, slot, created.backupArn(), created.backupName(),
                Instant.now());
        KafkaTopics.send(bootstrap, Topics.RETENTION_EVENTS, table.arn(), Messages.toJson(expired));

        assertThat(events(table, m -> m instanceof BackupDeleted, 1)).singleElement()
                .isInstanceOfSatisfying(BackupDeleted.class, d -> assertThat(d.alreadyGone())
                        .as("deleted by the worker, not found gone").isFalse());
        assertThatThrownBy(() -> second.describeBackup(b -> b.backupArn(created.backupArn())))
                .isInstanceOf(software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException.class);
    }
}
