package io.gfsbackup.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.AwsOperation;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.worker.persistence.LedgerState;
import io.gfsbackup.worker.persistence.LegalHolds;
import io.gfsbackup.worker.persistence.PointLease;
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

    private final TableLocks locks = new TableLocks();
    private AwsClients clients = dynamo.clients(ApiLimits.none());

    private BackupCreated created() {
        return created(SLOT, Duration.ofHours(1));
    }

    private BackupCreated created(Instant slot, Duration window) {
        return (BackupCreated) new BackupCreation(ledger, clients, clock, locks,
                retry, metrics, "w", new ClaimKeeper(ledger, clock, Duration.ofMinutes(2)), Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofHours(1))
                .handle(Dues.due(policyId, table, slot, window));
    }

    private final Map<UUID, LegalHolds.Hold> holds = new ConcurrentHashMap<>();

    private BackupDeletion deletion() {
        return new BackupDeletion(ledger, clients, clock, locks, retry, metrics,
                dueId -> Optional.ofNullable(holds.get(dueId)), Duration.ofMillis(300));
    }

    /** The dues of these tests keep D for 7 days and W for 28: the point can go 28 days after its slot. */
    private void pastTheEarliestExpiry() {
        clock.set(SLOT.plus(Duration.ofDays(28)));
    }

    @Test
    void throttledAndInUseDeletesAreRetriedUntilTheBackupIsDeleted() {
        BackupCreated created = created();
        pastTheEarliestExpiry();
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
        pastTheEarliestExpiry();
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
        pastTheEarliestExpiry();
        String manual = dynamo.existing("orders", "orders-by-hand").backupArn();

        assertThatThrownBy(() -> deletion().handle(Dues.expired(policyId, table, SLOT, manual, "orders-by-hand",
                clock.instant()))).isInstanceOf(InvalidMessageException.class).hasMessageContaining("did not create it");
        assertThat(dynamo.count("DeleteBackup")).isZero();
        assertThat(dynamo.backups()).containsKey(manual);
    }

    @Test
    void aPointUnderLegalHoldIsRefusedWhateverTheMessageSays() {
        BackupCreated created = created();
        pastTheEarliestExpiry();
        UUID dueId = Ids.dueId(policyId, table.arn(), SLOT);
        holds.put(dueId, new LegalHolds.Hold(dueId, "alice", "2026-03-03T00:00:00Z", "litigation 42"));

        assertThatThrownBy(() -> deletion().handle(Dues.expired(policyId, table, SLOT, created.backupArn(),
                created.backupName(), clock.instant()))).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("under legal hold").hasMessageContaining("alice").hasMessageContaining("litigation 42");
        assertThat(dynamo.count("DeleteBackup")).isZero();
        assertThat(dynamo.backups()).containsKey(created.backupArn());
        assertThat(ledger.find(dueId).orElseThrow().state()).isEqualTo(LedgerState.CREATED);
    }

    @Test
    void aPointExpiredBeforeThePointsFlagsCanHaveEndedIsRefusedAfterTheClockGrace() {
        BackupCreated created = created();
        clock.set(SLOT.plus(Duration.ofDays(27))); // D ended, W (28 days) has not

        assertThatThrownBy(() -> deletion().handle(Dues.expired(policyId, table, SLOT, created.backupArn(),
                created.backupName(), clock.instant()))).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("until at least " + SLOT.plus(Duration.ofDays(28)))
                .hasMessageContaining("policy version 3");
        assertThat(dynamo.count("DeleteBackup")).isZero();
    }

    @Test
    void aPointExpiredJustAheadOfThisWorkersClockWaitsForItAndDeletes() throws Exception {
        BackupCreated created = created();
        clock.set(SLOT.plus(Duration.ofDays(28)).minusSeconds(1));
        Thread catchUp = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            clock.set(SLOT.plus(Duration.ofDays(28)));
        });
        catchUp.start();

        BackupDeleted deleted = deletion().handle(Dues.expired(policyId, table, SLOT, created.backupArn(),
                created.backupName(), SLOT.plus(Duration.ofDays(28))));
        catchUp.join();

        assertThat(deleted.alreadyGone()).isFalse();
        assertThat(dynamo.backups()).isEmpty();
    }

    @Test
    void aDeletionOfAPointWithALiveRestoreLeaseIsDeferredWithoutCallingDeleteBackupAndGoesAheadOnceItRunsOut() {
        BackupCreated created = created();
        pastTheEarliestExpiry();
        UUID dueId = Ids.dueId(policyId, table.arn(), SLOT);
        MutableClock wall = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
        assertThat(ledger.addRestoreLease(dueId, UUID.randomUUID(), wall.instant().plusSeconds(30)))
                .isEqualTo(PointLease.ADDED);
        BackupDeletion deletion = new BackupDeletion(ledger, clients, clock, locks, retry, metrics,
                id -> Optional.empty(), Duration.ofMillis(300), wall);
        PointExpired expired = Dues.expired(policyId, table, SLOT, created.backupArn(), created.backupName(),
                clock.instant());

        assertThatThrownBy(() -> deletion.handle(expired)).isInstanceOf(RestoreInProgressException.class)
                .hasMessageContaining(created.backupArn());
        assertThat(dynamo.count("DeleteBackup")).isZero();
        assertThat(ledger.addRestoreLease(dueId, UUID.randomUUID(), wall.instant().plusSeconds(30)))
                .as("the point is still alive for other restores").isEqualTo(PointLease.ADDED);

        wall.advance(Duration.ofSeconds(31));
        BackupDeleted deleted = deletion.handle(expired);

        assertThat(deleted.alreadyGone()).isFalse();
        assertThat(dynamo.count("DeleteBackup")).isEqualTo(1);
        assertThat(ledger.addRestoreLease(dueId, UUID.randomUUID(), wall.instant().plusSeconds(30)))
                .isEqualTo(PointLease.DELETED);
    }

    @Test
    void aCreateOfATableGoesAheadOfItsQueuedDeletesInsteadOfWaitingBehindTheirRateLimit() throws Exception {
        List<BackupCreated> points = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            points.add(created(SLOT.plus(Duration.ofDays(day)), Duration.ofHours(1)));
        }
        clock.set(SLOT.plus(Duration.ofDays(40)));
        // DeleteBackup 2/s: the five deletes take two seconds
        clients = dynamo.clients(new ApiLimits(Map.of(AwsOperation.DELETE_BACKUP, 2d, AwsOperation.CREATE_BACKUP, 0d,
                AwsOperation.DESCRIBE_BACKUP, 0d, AwsOperation.LIST_BACKUPS, 0d), Duration.ZERO, Duration.ZERO, 1));
        BackupDeletion deletion = deletion();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> running = new ArrayList<>();
        for (BackupCreated point : points) {
            running.add(pool.submit(() -> deletion.handle(Dues.expired(policyId, table, point.due().slot(),
                    point.backupArn(), point.backupName(), clock.instant()))));
        }
        Thread.sleep(200);
        Instant newSlot = clock.instant();
        running.add(pool.submit(() -> created(newSlot, Duration.ofHours(1))));
        for (Future<?> each : running) {
            each.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<String> calls = dynamo.calls().stream().filter(c -> !c.equals("DescribeBackup")).toList();
        int create = calls.lastIndexOf("CreateBackup");
        assertThat(calls.subList(create, calls.size())).as("deletes still queued when the create ran: " + calls)
                .filteredOn("DeleteBackup"::equals).hasSizeGreaterThanOrEqualTo(2);
        assertThat(dynamo.backups()).hasSize(1);
    }
}
