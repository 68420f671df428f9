package io.gfsbackup.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.InMemoryLedger;
import io.gfsbackup.worker.support.MutableClock;
import io.gfsbackup.worker.support.ScriptedDynamoDb;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class BackupDeletionRetryTest {

    private static final Instant SLOT = Instant.parse("2026-03-02T22:00:00Z");

    private final MutableClock clock = new MutableClock(SLOT.plusSeconds(1));
    private final ScriptedDynamoDb dynamo = new ScriptedDynamoDb(clock, Duration.ofMillis(1));
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());
    private final RetryPolicy retry = new RetryPolicy(Duration.ofMillis(2), Duration.ofMillis(10), Duration.ofMillis(1),
            Duration.ofSeconds(5), metrics);
    private final UUID policyId = UUID.randomUUID();
    private final TableRef table = Dues.table("orders");

    private BackupCreated created() {
        return (BackupCreated) new BackupCreation(ledger, region -> dynamo, clock, RateLimits.none(), new TableLocks(),
                retry, metrics, "w", new ClaimKeeper(ledger, clock, Duration.ofMinutes(2)), Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofHours(1))
                .handle(Dues.due(policyId, table, SLOT, Duration.ofHours(1)));
    }

    private BackupDeletion deletion() {
        return new BackupDeletion(ledger, region -> dynamo, clock, RateLimits.none(), new TableLocks(), retry, metrics);
    }

    @Test
    void throttledAndInUseDeletesAreRetriedUntilTheBackupIsDeleted() {
        BackupCreated created = created();
        dynamo.failDeletes(ScriptedDynamoDb::limitExceeded, 1).failDeletes(ScriptedDynamoDb::inUse, 1);

        BackupDeleted deleted = deletion().handle(Dues.expired(policyId, table, SLOT, created.backupArn(),
                created.backupName(), clock.instant()));

        assertThat(deleted.alreadyGone()).isFalse();
        assertThat(deleted.id()).isEqualTo(Ids.backupDeletedId(policyId, table.arn(), SLOT));
        assertThat(dynamo.count("DeleteBackup")).isEqualTo(3);
        assertThat(dynamo.backups()).isEmpty();
    }

    @Test
    void aBackupThatIsAlreadyGoneYieldsBackupDeletedMarkedAlreadyGoneAndTheSameMessageWhenRepeated() {
        BackupCreated created = created();
        dynamo.backups().clear();
        PointExpired expired = Dues.expired(policyId, table, SLOT, created.backupArn(), created.backupName(), clock.instant());

        BackupDeleted first = deletion().handle(expired);
        clock.advance(Duration.ofMinutes(1));
        BackupDeleted again = deletion().handle(expired);

        assertThat(first.alreadyGone()).isTrue();
        assertThat(again).isEqualTo(first);
        assertThat(dynamo.count("DeleteBackup")).isEqualTo(1);
    }

    @Test
    void aBackupThisSystemDidNotCreateIsRefusedWithoutCallingDeleteBackup() {
        created();
        String manual = dynamo.existing("orders", "orders-by-hand").backupArn();

        assertThatThrownBy(() -> deletion().handle(Dues.expired(policyId, table, SLOT, manual, "orders-by-hand",
                clock.instant()))).isInstanceOf(InvalidMessageException.class).hasMessageContaining("did not create it");
        assertThat(dynamo.count("DeleteBackup")).isZero();
        assertThat(dynamo.backups()).containsKey(manual);
    }
}
