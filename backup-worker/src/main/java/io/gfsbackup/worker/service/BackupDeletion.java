package io.gfsbackup.worker.service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.worker.persistence.Ledger;
import io.gfsbackup.worker.persistence.LedgerEntry;
import io.gfsbackup.worker.persistence.LedgerState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;

/**
 * Handles a {@link PointExpired}: deletes the backup of the point, but only a backup this system created. The
 * ledger entry of the point's due (found by {@code Ids.dueId(policyId, table, slot)}) must be CREATED or DELETED
 * with exactly the ARN the event names; anything else (a manual or SYSTEM backup, a backup of another slot, a
 * slot this system never backed up) is refused as invalid and goes to the DLQ. A backup that is already gone still
 * yields its {@link BackupDeleted} ({@code alreadyGone}), and a repeated event re-publishes the same one.
 */
public class BackupDeletion {

    private static final Logger LOG = Logger.getLogger(BackupDeletion.class);

    private final Ledger ledger;
    private final RegionalClients clients;
    private final Clock clock;
    private final RateLimits limits;
    private final TableLocks locks;
    private final RetryPolicy retry;
    private final WorkerMetrics metrics;

    public BackupDeletion(Ledger ledger, RegionalClients clients, Clock clock, RateLimits limits, TableLocks locks,
                          RetryPolicy retry, WorkerMetrics metrics) {
        this.ledger = ledger;
        this.clients = clients;
        this.clock = clock;
        this.limits = limits;
        this.locks = locks;
        this.retry = retry;
        this.metrics = metrics;
    }

    public BackupDeleted handle(PointExpired expired) {
        UUID dueId = Ids.dueId(expired.policyId(), expired.table().arn(), expired.slot());
        return locks.withLock(expired.table().arn(), () -> handleLocked(expired, dueId));
    }

    private BackupDeleted handleLocked(PointExpired expired, UUID dueId) {
        LedgerEntry entry = ledger.find(dueId).orElseThrow(() -> new InvalidMessageException(
                "refusing to delete " + expired.backupArn() + ": this system has no backup of policy "
                        + expired.policyId() + ", table " + expired.table().arn() + ", slot " + expired.slot()));
        if (!expired.backupArn().equals(entry.backupArn())
                || (entry.state() != LedgerState.CREATED && entry.state() != LedgerState.DELETED)) {
            throw new InvalidMessageException("refusing to delete " + expired.backupArn()
                    + ": this system did not create it (the ledger has " + entry.state()
                    + (entry.backupArn() == null ? "" : " with " + entry.backupArn()) + " for that slot)");
        }
        if (entry.state() == LedgerState.DELETED) {
            metrics.republished();
            return BackupDeleted.of(expired, entry.alreadyGone(), entry.deletedAt());
        }
        DynamoDbClient dynamo = clients.forRegion(expired.table().region());
        boolean gone = retry.delete(() -> {
            metrics.waitedForRateLimit(limits.beforeDelete(expired.table()));
            try {
                dynamo.deleteBackup(b -> b.backupArn(expired.backupArn()));
                return false;
            } catch (BackupNotFoundException notFound) {
                return true;
            }
        }, Boolean.class);
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
}
