package io.gfsbackup.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsOperation;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.BackupFailed;
import io.gfsbackup.contracts.messages.BackupMissed;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.worker.persistence.LedgerEntry;
import io.gfsbackup.worker.persistence.LedgerState;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.InMemoryLedger;
import io.gfsbackup.worker.support.MutableClock;
import io.gfsbackup.worker.support.ScriptedDynamoDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The create path's retry, window and claim rules, against a scripted DynamoDB client (moto never throttles). */
class BackupCreationRetryTest {

    private static final Instant SLOT = Instant.parse("2026-03-02T22:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(SLOT.plusSeconds(1));
    private final ScriptedDynamoDb dynamo = new ScriptedDynamoDb(clock, Duration.ofSeconds(10));
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WorkerMetrics metrics = new WorkerMetrics(registry);
    private final UUID policyId = UUID.randomUUID();
    private final TableRef table = Dues.table("orders");
    private final BackupDue due = Dues.due(policyId, table, SLOT, WINDOW);

    private final ApiLimits limits = ApiLimits.none();

    private BackupCreation creation() {
        RetryPolicy retry = new RetryPolicy(Duration.ofMillis(2), Duration.ofMillis(10), Duration.ofMillis(1),
                Duration.ofSeconds(5), metrics);
        return new BackupCreation(ledger, dynamo.clients(limits), clock, new TableLocks(), retry, metrics,
                "test-worker", new ClaimKeeper(ledger, clock, Duration.ofMinutes(2)), Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofHours(1));
    }

    @Test
    void limitExceededIsRetriedWithBackoffUntilTheBackupIsCreated() {
        dynamo.failCreates(ScriptedDynamoDb::limitExceeded, 2);

        Message outcome = creation().handle(due);

        assertThat(outcome).isInstanceOf(BackupCreated.class);
        BackupCreated created = (BackupCreated) outcome;
        assertThat(created.id()).isEqualTo(Ids.outcomeId(due.id()));
        assertThat(created.backupName()).isEqualTo(Ids.backupName("orders", SLOT, policyId));
        assertThat(dynamo.count("CreateBackup")).isEqualTo(3);
        assertThat(dynamo.backups()).hasSize(1);
        assertThat(registry.counter("gfs.worker.calls.retried").count()).isEqualTo(2);
        assertThat(ledger.find(due.id()).orElseThrow().state()).isEqualTo(LedgerState.CREATED);
    }

    @Test
    void backupInUseThrottlingAndServerErrorsAreAllRetried() {
        dynamo.failCreates(ScriptedDynamoDb::inUse, 1).failCreates(ScriptedDynamoDb::throttling, 1)
                .failCreates(ScriptedDynamoDb::serverError, 1);

        Message outcome = creation().handle(due);

        assertThat(outcome).isInstanceOf(BackupCreated.class);
        assertThat(dynamo.count("CreateBackup")).isEqualTo(4);
        assertThat(dynamo.backups()).hasSize(1);
    }

    @Test
    void retriesStopWhenTheStartWindowEndsWithOneFinalBackupFailedNamingTheLastError() {
        dynamo.alwaysThrottle();

        Message outcome = creation().handle(due);

        assertThat(outcome).isInstanceOf(BackupFailed.class);
        BackupFailed failed = (BackupFailed) outcome;
        assertThat(failed.id()).isEqualTo(Ids.outcomeId(due.id()));
        assertThat(failed.reason()).contains("start window ended at " + due.due().startWindowEnd())
                .contains("ThrottlingException");
        assertThat(failed.attempts()).isEqualTo((int) dynamo.count("CreateBackup")).isGreaterThan(1);
        assertThat(clock.instant()).isAfterOrEqualTo(due.due().startWindowEnd());
        assertThat(dynamo.backups()).isEmpty();
        LedgerEntry entry = ledger.find(due.id()).orElseThrow();
        assertThat(entry.state()).isEqualTo(LedgerState.FAILED);
        assertThat(registry.counter("gfs.worker.backups.failed").count()).isEqualTo(1);
    }

    @Test
    void aMissingTableFailsAtOnceWithoutRetrying() {
        dynamo.failCreates(ScriptedDynamoDb::tableNotFound, 1);

        Message outcome = creation().handle(due);

        assertThat(outcome).isInstanceOf(BackupFailed.class);
        assertThat(((BackupFailed) outcome).reason()).contains("TableNotFoundException");
        assertThat(((BackupFailed) outcome).attempts()).isEqualTo(1);
        assertThat(dynamo.count("CreateBackup")).isEqualTo(1);
        assertThat(registry.counter("gfs.worker.calls.retried").count()).isZero();
    }

    @Test
    void aDueWhoseStartWindowHasEndedIsRecordedMissedAndNotRun() {
        clock.advance(WINDOW);

        Message outcome = creation().handle(due);

        assertThat(outcome).isInstanceOf(BackupMissed.class);
        assertThat(outcome.id()).isEqualTo(Ids.outcomeId(due.id()));
        assertThat(dynamo.calls()).isEmpty();
        assertThat(ledger.find(due.id()).orElseThrow().state()).isEqualTo(LedgerState.MISSED);
    }

    @Test
    void theClaimKeepsThePolicyVersionFlagsAndRetentionSettingsOfTheDue() {
        creation().handle(due);

        LedgerEntry entry = ledger.find(due.id()).orElseThrow();
        assertThat(entry.terms().policyVersion()).isEqualTo(due.due().policyVersion());
        assertThat(entry.terms().flags()).isEqualTo(due.due().flags());
        assertThat(entry.terms().retention()).isEqualTo(due.due().retention());
    }

    @Test
    void aLateCopyOfADueClaimedInTimeReportsItsBackupNotAMiss() {
        Message inTime = creation().handle(due);
        clock.advance(WINDOW.multipliedBy(2));

        Message late = creation().handle(due);

        assertThat(late).isEqualTo(inTime).isInstanceOf(BackupCreated.class);
        assertThat(registry.counter("gfs.worker.backups.missed").count()).isZero();
    }

    @Test
    void aBackupStillCreatingWhenTheWaitEndsIsRecordedWithItsArnAndFollowedUntilAvailable() {
        dynamo.creatingFor(Duration.ofMinutes(150)); // the test's wait for AVAILABLE is one hour per pass

        assertThatThrownBy(() -> creation().handle(due)).isInstanceOf(FollowUpException.class);
        LedgerEntry creating = ledger.find(due.id()).orElseThrow();
        assertThat(creating.state()).isEqualTo(LedgerState.CREATING);
        String arn = dynamo.backups().keySet().iterator().next();
        assertThat(creating.backupArn()).isEqualTo(arn);
        assertThat(registry.counter("gfs.worker.backups.still.creating").count()).isEqualTo(1);

        // the due comes back (after its start window): still CREATING, so it is handed back again, not missed
        assertThatThrownBy(() -> creation().handle(due)).isInstanceOf(FollowUpException.class);
        Message outcome = creation().handle(due);

        assertThat(outcome).isInstanceOfSatisfying(BackupCreated.class, created -> {
            assertThat(created.id()).isEqualTo(Ids.outcomeId(due.id()));
            assertThat(created.backupArn()).isEqualTo(arn);
        });
        assertThat(ledger.find(due.id()).orElseThrow().state()).isEqualTo(LedgerState.CREATED);
        assertThat(dynamo.count("CreateBackup")).isEqualTo(1);
        assertThat(creation().handle(due)).as("re-published the same").isEqualTo(outcome);
    }

    @Test
    void aBackupThatVanishesWhileFollowedIsRecordedFailedOnce() {
        dynamo.creatingFor(Duration.ofHours(5));
        assertThatThrownBy(() -> creation().handle(due)).isInstanceOf(FollowUpException.class);
        dynamo.backups().clear();

        Message outcome = creation().handle(due);

        assertThat(outcome).isInstanceOfSatisfying(BackupFailed.class, failed ->
                assertThat(failed.reason()).contains("was started but is gone"));
        assertThat(ledger.find(due.id()).orElseThrow().state()).isEqualTo(LedgerState.FAILED);
    }

    @Test
    void aRetryAfterALostAnswerFindsTheBackupByNameInsteadOfMakingASecond() {
        dynamo.errorsAfterCreating().failCreates(ScriptedDynamoDb::serverError, 1);

        Message outcome = creation().handle(due);

        assertThat(outcome).isInstanceOf(BackupCreated.class);
        assertThat(dynamo.count("CreateBackup")).isEqualTo(1);
        assertThat(dynamo.backups()).hasSize(1);
        assertThat(((BackupCreated) outcome).backupArn()).isEqualTo(dynamo.backups().keySet().iterator().next());
    }

    @Test
    void aRedeliveredDueRepublishesTheRecordedOutcomeWithoutCallingAws() {
        Message first = creation().handle(due);
        int callsAfterFirst = dynamo.calls().size();

        Message again = creation().handle(due);

        assertThat(again).isEqualTo(first);
        assertThat(dynamo.calls()).hasSize(callsAfterFirst);
    }

    @Test
    void aStaleClaimOfAStoppedWorkerIsResumedUsingTheBackupItAlreadyMade() {
        ledger.put(LedgerEntry.claimed(due.due(), "dead-worker/1", clock.instant().minusSeconds(1)));
        String arn = dynamo.existing("orders", Ids.backupName("orders", SLOT, policyId)).backupArn();

        Message outcome = creation().handle(due);

        assertThat(outcome).isInstanceOf(BackupCreated.class);
        assertThat(((BackupCreated) outcome).backupArn()).isEqualTo(arn);
        assertThat(dynamo.count("CreateBackup")).isZero();
        assertThat(dynamo.backups()).hasSize(1);
    }

    @Test
    void aStaleClaimWithNoBackupYetIsResumedByCreatingIt() {
        ledger.put(LedgerEntry.claimed(due.due(), "dead-worker/1", clock.instant().minusSeconds(1)));

        Message outcome = creation().handle(due);

        assertThat(outcome).isInstanceOf(BackupCreated.class);
        assertThat(dynamo.count("CreateBackup")).isEqualTo(1);
    }

    @Test
    void aDueWhoseIdDoesNotFollowFromItsContentIsRejectedAsInvalid() {
        BackupDue other = Dues.due(policyId, table, SLOT.plusSeconds(3600), WINDOW);
        BackupDue forged = new BackupDue(due.id(), due.occurredAt(),
                new io.gfsbackup.contracts.messages.DueSlot(due.id(), policyId, 3, table, other.due().slot(),
                        other.due().flags(), other.due().retention(), other.due().startWindowEnd(), other.due().carryDeadlines()));

        assertThatThrownBy(() -> creation().handle(forged)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("is not the id of");
        assertThat(dynamo.calls()).isEmpty();
    }

    @Test
    void everyCreateListAndDescribeBackupCallTakesAPermitOfItsOperationInTheTablesAccountAndRegion() {
        dynamo.creatingFor(Duration.ofSeconds(30)).errorsAfterCreating().failCreates(ScriptedDynamoDb::serverError, 1);

        assertThat(creation().handle(due)).isInstanceOf(BackupCreated.class);

        assertThat(dynamo.count("ListBackups")).isPositive();
        assertThat(dynamo.count("DescribeBackup")).isPositive();
        assertThat(limits.calls(AwsOperation.CREATE_BACKUP)).isEqualTo(dynamo.count("CreateBackup"));
        assertThat(limits.calls(AwsOperation.LIST_BACKUPS)).isEqualTo(dynamo.count("ListBackups"));
        assertThat(limits.calls(AwsOperation.DESCRIBE_BACKUP)).isEqualTo(dynamo.count("DescribeBackup"));
    }

    @Test
    @Timeout(10) // a due not refused would be retried against an endpoint that never answers
    void aDueWhoseAccountIsNotTheAccountOfItsTableArnIsRejectedAsInvalidNamingBoth() {
        TableRef unnamedAccount = new TableRef(Dues.REGION, null, "orders", table.arn());
        BackupDue wrong = Dues.due(policyId, unnamedAccount, SLOT, WINDOW, new AwsAccount("222222222222",
                "arn:aws:iam::222222222222:role/gfs-backup", "x"));

        assertThatThrownBy(() -> creation().handle(wrong)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("due.account: accountId 222222222222 is not the account of the table ARN "
                        + table.arn() + " (" + Dues.ACCOUNT + ")");
        assertThat(dynamo.calls()).isEmpty();
        assertThat(ledger.find(wrong.id())).isEmpty();
    }

    @Test
    @Timeout(10) // a due not refused would be retried against an endpoint that never answers
    void aDueWhoseTableAccountIsNotTheAccountOfItsArnIsRejectedAsInvalid() {
        TableRef mismatched = new TableRef(Dues.REGION, "222222222222", "orders", table.arn());
        BackupDue wrong = Dues.due(policyId, mismatched, SLOT, WINDOW);

        assertThatThrownBy(() -> creation().handle(wrong)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("of account 222222222222 does not match its ARN " + table.arn());
        assertThat(dynamo.calls()).isEmpty();
    }

    @Test
    @Timeout(10) // a due not refused would be retried against an endpoint that never answers
    void aDueWhoseRoleIsNotARoleOfTheTablesAccountIsRejectedAsInvalid() {
        TableRef there = Dues.table(Dues.REGION, "222222222222", "orders");
        BackupDue elsewhere = Dues.due(policyId, there, SLOT, WINDOW, new AwsAccount("222222222222",
                "arn:aws:iam::333333333333:role/gfs-backup", "x"));
        BackupDue notARole = Dues.due(policyId, there, SLOT, WINDOW, new AwsAccount("222222222222",
                "gfs-backup", "x"));

        assertThatThrownBy(() -> creation().handle(elsewhere)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("due.account.roleArn: role arn:aws:iam::333333333333:role/gfs-backup is not a "
                        + "role of account 222222222222");
        assertThatThrownBy(() -> creation().handle(notARole)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("due.account.roleArn: gfs-backup is not an IAM role ARN");
        assertThat(dynamo.calls()).isEmpty();
    }
}
