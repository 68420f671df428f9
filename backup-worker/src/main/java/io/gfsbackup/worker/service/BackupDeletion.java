package io.gfsbackup.worker.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.AwsOperation;
import io.gfsbackup.aws.AwsScope;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.worker.persistence.Ledger;
import io.gfsbackup.worker.persistence.LedgerEntry;
import io.gfsbackup.worker.persistence.DynamoDbArchives;
import io.gfsbackup.worker.persistence.DynamoDbArchives.ArchiveRecord;
import io.gfsbackup.worker.persistence.LedgerState;
import io.gfsbackup.worker.persistence.LegalHolds;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;

/**
 * Handles a {@link PointExpired}: deletes the backup of the point, but only a backup this system created, and only
 * when the worker's own records agree that the point may go (defence in depth: a message on the topic is not
 * enough). The ledger entry of the point's due (found by {@code Ids.dueId(policyId, table, slot)}) must be CREATED
 * or DELETED with exactly the ARN the event names; the point must not be in the hold table; and the worker's clock
 * must have reached the point's earliest expiry under the policy version, flags and retention settings recorded at
 * claim. Anything else (a manual or SYSTEM backup, a backup of another slot, a slot this system never backed up, a
 * held point, a point that cannot have expired yet) is refused as invalid, counted, and goes to the DLQ. A backup that is already gone still
 * yields its {@link BackupDeleted} ({@code alreadyGone}), and a repeated event re-publishes the same one. The
 * backup is deleted in the account the ledger recorded at claim (with the role the due named then; the services'
 * own account for entries that recorded none), whatever the message says. A point being restored (a live restore
 * lease on its entry) is not deleted yet: the deletion is deferred ({@link RestoreInProgressException}, retried
 * until the restore ends), and once it starts (one conditional write on the entry) no restore of the point begins.
 */
public class BackupDeletion {

    private static final Logger LOG = Logger.getLogger(BackupDeletion.class);
    private static final Duration CLOCK_POLL = Duration.ofMillis(50);

    private final Ledger ledger;
    private final AwsClients clients;
    private final Clock clock;
    private final TableLocks locks;
    private final RetryPolicy retry;
    private final WorkerMetrics metrics;
    private final LegalHolds holds;
    private final Duration clockGrace;
    private final Clock wallClock;
    private final Object[] pointStripes = new Object[64];
    private volatile DynamoDbArchives archives;
    private volatile ArchiveCopy copies;

    public BackupDeletion(Ledger ledger, AwsClients clients, Clock clock, TableLocks locks, RetryPolicy retry,
                          WorkerMetrics metrics, LegalHolds holds, Duration clockGrace) {
        this(ledger, clients, clock, locks, retry, metrics, holds, clockGrace, Clock.systemUTC());
    }

    /** {@code wallClock} judges restore leases, which, like claims, are measured on the wall clock. */
    public BackupDeletion(Ledger ledger, AwsClients clients, Clock clock, TableLocks locks, RetryPolicy retry,
                          WorkerMetrics metrics, LegalHolds holds, Duration clockGrace, Clock wallClock) {
        this.wallClock = wallClock;
        this.ledger = ledger;
        this.clients = clients;
        this.clock = clock;
        this.locks = locks;
        this.retry = retry;
        this.metrics = metrics;
        this.holds = holds;
        this.clockGrace = clockGrace;
        for (int i = 0; i < pointStripes.length; i++) {
            pointStripes[i] = new Object();
        }
    }

    /**
     * Deletes, with a point's backup, its archive copy when {@code archives} records one (docs/archive.md): exactly the
     * point's prefix; a warm backup that a move deleted already is not deleted again.
     */
    public BackupDeletion withArchives(DynamoDbArchives archives, ArchiveCopy copies) {
        this.archives = archives;
        this.copies = copies;
        return this;
    }

    public BackupDeleted handle(PointExpired expired) {
        UUID dueId = Ids.dueId(expired.policyId(), expired.table().arn(), expired.slot());
        synchronized (stripe(dueId)) {
            return decide(expired, dueId);
        }
    }

    /** One point's deletions run one at a time (a repeated message), without a lock per point to keep. */
    private Object stripe(UUID dueId) {
        return pointStripes[Math.floorMod(dueId.hashCode(), pointStripes.length)];
    }

    /**
     * Checks and records happen outside the table lock (every ledger change is conditional); only the DeleteBackup
     * call holds the table, after its rate-limit permit, and only when no create wants the table
     * ({@link TableLocks#forDelete}). A retry's backoff holds nothing.
     */
    private BackupDeleted decide(PointExpired expired, UUID dueId) {
        LedgerEntry entry = ledger.find(dueId).orElseThrow(() -> refuse(expired,
                "this system has no backup of policy " + expired.policyId() + ", table " + expired.table().arn()
                        + ", slot " + expired.slot()));
        if (!expired.backupArn().equals(entry.backupArn())
                || (entry.state() != LedgerState.CREATED && entry.state() != LedgerState.DELETED)) {
            throw refuse(expired, "this system did not create it (the ledger has " + entry.state()
                    + (entry.backupArn() == null ? "" : " with " + entry.backupArn()) + " for that slot)");
        }
        Optional<ArchiveRecord> archive = archives == null ? Optional.empty() : archives.find(dueId);
        if (entry.state() == LedgerState.DELETED) {
            archive.ifPresent(this::deletePrefix);
            metrics.republished();
            return BackupDeleted.of(expired, entry.alreadyGone(), entry.deletedAt());
        }
        judge(expired, dueId, entry);
        // one conditional write: no live restore lease on the point, or the deletion waits (docs/worker.md, Restores)
        Map<UUID, Instant> restores = ledger.startDeletion(dueId, wallClock.instant());
        if (!restores.isEmpty()) {
            metrics.deletionDeferred();
            LOG.infof("deletion of %s deferred: a restore of the point is in progress %s", expired.backupArn(),
                    restores);
            throw new RestoreInProgressException(expired.backupArn(), restores);
        }
        // in the account the backup was made in, as the ledger recorded it at claim (none recorded: the own account)
        DynamoDbClient dynamo = clients.dynamoDb(entry.account(), expired.table().region());
        AwsScope scope = AwsScope.of(expired.table());
        boolean moved = archive.map(ArchiveRecord::warmDeleted).orElse(false);
        boolean gone = !moved && retry.delete(() -> {
            metrics.waitedForRateLimit(clients.limits().acquire(AwsOperation.DELETE_BACKUP, scope));
            return locks.forDelete(expired.table(), () -> {
                try {
                    dynamo.deleteBackup(b -> b.backupArn(expired.backupArn()));
                    return false;
                } catch (BackupNotFoundException notFound) {
                    return true;
                }
            });
        }, Boolean.class);
        archive.ifPresent(this::deletePrefix);
        Instant now = clock.instant();
        if (!ledger.markDeleted(entry.deleted(now, gone))) {
            LedgerEntry current = ledger.find(dueId).orElseThrow();
            return BackupDeleted.of(expired, current.alreadyGone(), current.deletedAt());
        }
        metrics.deleted(gone);
        LOG.infof("deleted backup %s of %s, slot %s (%s, message %s)%s", expired.backupArn(), expired.table().name(),
                expired.slot(), expired.reason(), expired.id(), gone ? ", which was already gone" : "");
        return BackupDeleted.of(expired, gone, now);
    }

    /** Deletes the point's archive prefix, once, and records it; a failure is retried with the deletion. */
    private void deletePrefix(ArchiveRecord record) {
        if (record.prefixDeletedAt() != null) {
            return;
        }
        int objects = copies.delete(record.location());
        archives.record(record.withPrefixDeleted(clock.instant()));
        LOG.infof("deleted the archive copy %s (%d objects)", record.location().uri(), objects);
    }

    /**
     * The worker's own check that the point may go, from what it recorded at claim and the hold table, whatever the
     * message says: a held point, or one whose flags cannot all have ended yet under the retention settings it was
     * created with, is refused. A point that is early by this worker's clock waits up to {@code clockGrace} of wall
     * time for the clock to catch up first: the retention service's clock may be a step ahead (a shared topic clock
     * read a little later here, or hosts a little apart).
     */
    private void judge(PointExpired expired, UUID dueId, LedgerEntry entry) {
        holds.find(dueId).ifPresent(hold -> {
            throw refuse(expired, "the point is under legal hold (placed by " + hold.placedBy() + " at "
                    + hold.placedAt() + ": " + hold.reason() + ")");
        });
        if (entry.terms() == null) {
            return; // recorded before the terms were kept: the ARN check above is all there is
        }
        Instant earliest = entry.terms().earliestExpiry(entry.slot());
        long waitUntil = System.nanoTime() + clockGrace.toNanos();
        Instant now = clock.instant();
        while (now.isBefore(earliest)) {
            if (System.nanoTime() - waitUntil >= 0) {
                throw refuse(expired, "flags " + entry.terms().flags() + " of policy version "
                        + entry.terms().policyVersion() + " keep the point of " + entry.slot() + " until at least "
                        + earliest + ", and it is " + now);
            }
            sleep(CLOCK_POLL);
            now = clock.instant();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private InvalidMessageException refuse(PointExpired expired, String why) {
        metrics.refused();
        LOG.warnf("refusing PointExpired %s for %s: %s", expired.id(), expired.backupArn(), why);
        return new InvalidMessageException("refusing to delete " + expired.backupArn() + ": " + why);
    }
}
