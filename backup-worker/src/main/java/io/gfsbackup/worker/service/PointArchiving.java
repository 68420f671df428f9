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
import io.gfsbackup.contracts.messages.ArchiveFailed;
import io.gfsbackup.contracts.messages.ArchiveRequested;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.PointArchived;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.worker.persistence.DynamoDbArchives;
import io.gfsbackup.worker.persistence.DynamoDbArchives.ArchiveRecord;
import io.gfsbackup.worker.persistence.Ledger;
import io.gfsbackup.worker.persistence.LedgerEntry;
import io.gfsbackup.worker.persistence.LedgerState;
import io.gfsbackup.worker.persistence.LegalHolds;
import io.gfsbackup.worker.persistence.PointLease;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;

/**
 * Handles an {@link ArchiveRequested} (docs/archive.md): makes the point's archive copy once, however often it is
 * asked, and returns the {@link PointArchived} or {@link ArchiveFailed} to publish.
 *
 * <ol>
 * <li>A point whose copy is recorded gets its recorded {@link PointArchived} again.</li>
 * <li>The point's ledger entry must be this system's CREATED backup with the request's ARN; the copy is made in the
 * account the ledger recorded at claim. While it runs the point holds a lease like a restore's, so its deletion
 * waits for it.</li>
 * <li>{@link ArchiveCopy} makes and verifies the copy; it is recorded ({@code archive-<dueId>} in the ledger table).</li>
 * <li>In {@code MOVE} mode the warm backup is then deleted, unless the point is under legal hold or being restored
 * (it then stays until the point expires): the deletion is started on the ledger entry (no restore begins after it)
 * and DeleteBackup is called.</li>
 * </ol>
 * A failure of any step before the copy is recorded is an {@link ArchiveFailed}: the point stays warm and the chain
 * asks again later.
 */
public class PointArchiving {

    private static final Logger LOG = Logger.getLogger(PointArchiving.class);
    /** How long a copy may hold the point's lease; a copy that takes longer loses it and may see the point go. */
    static final Duration LEASE = Duration.ofHours(6);

    private final Ledger ledger;
    private final DynamoDbArchives archives;
    private final ArchiveCopy copies;
    private final LegalHolds holds;
    private final AwsClients clients;
    private final Clock clock;
    private final Clock wallClock;
    private final String instanceId;

    public PointArchiving(Ledger ledger, DynamoDbArchives archives, ArchiveCopy copies, LegalHolds holds,
                          AwsClients clients, Clock clock, Clock wallClock, String instanceId) {
        this.ledger = ledger;
        this.archives = archives;
        this.copies = copies;
        this.holds = holds;
        this.clients = clients;
        this.clock = clock;
        this.wallClock = wallClock;
        this.instanceId = instanceId;
    }

    /**
     * The lease a copy holds on its point: one per point, whatever the attempt, so that a later attempt takes over the
     * lease of one whose worker was killed mid-copy, and releases it, rather than finding it and keeping the warm
     * backup of a moved point as though a restore were running.
     */
    static UUID leaseId(ArchiveRequested request) {
        return Ids.nameBased("archive-lease", request.point().dueId());
    }

    public Message handle(ArchiveRequested request) {
        RestoreSource point = request.point();
        UUID dueId = point.dueId();
        Optional<ArchiveRecord> recorded = archives.find(dueId);
        if (recorded.isPresent()) {
            return archived(point, recorded.get());
        }
        UUID leaseId = leaseId(request);
        PointLease lease = ledger.addRestoreLease(dueId, leaseId, wallClock.instant().plus(LEASE));
        if (lease != PointLease.ADDED) {
            return failed(request, lease.error());
        }
        try {
            LedgerEntry entry = ledger.find(dueId).orElseThrow();
            if (entry.state() != LedgerState.CREATED || !point.backupArn().equals(entry.backupArn())) {
                return failed(request, "this system did not create " + point.backupArn() + " (the ledger has "
                        + entry.state() + " with " + entry.backupArn() + ")");
            }
            ArchiveCopy.Copy copy;
            try {
                copy = copies.copy(new ArchiveCopy.Job(point.table(), entry.account(), point.slot(),
                        point.backupArn(), request.archive(),
                        entry.terms() == null ? null : entry.terms().earliestExpiry(entry.slot())));
            } catch (RuntimeException e) {
                LOG.warnf("archive copy of %s (slot %s, attempt %d) failed: %s", point.backupArn(), point.slot(),
                        request.attempt(), e.getMessage());
                return failed(request, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            ArchiveRecord record = new ArchiveRecord(dueId, copy.location(), copy.exportArn(), copy.itemCount(),
                    copy.storageClass().name(), clock.instant(), instanceId, false, null);
            archives.record(record);
            ledger.releaseRestoreLease(dueId, leaseId);
            if (request.archive().mode() == Archive.Mode.MOVE && deleteWarm(point, dueId, entry)) {
                record = record.withWarmDeleted();
                archives.record(record);
            }
            LOG.infof("archived %s (slot %s) to %s%s", point.backupArn(), point.slot(), copy.location().uri(),
                    record.warmDeleted() ? "; warm backup deleted" : "");
            return archived(point, record);
        } finally {
            ledger.releaseRestoreLease(dueId, leaseId);
        }
    }

    /**
     * Deletes the warm backup of a moved point, unless it is held or being restored; whether it did. The deletion is
     * started on the ledger entry first, so that no restore of the backup begins after it.
     */
    private boolean deleteWarm(RestoreSource point, UUID dueId, LedgerEntry entry) {
        if (holds.find(dueId).isPresent()) {
            LOG.infof("the point of %s is under legal hold: its warm backup stays until it expires",
                    point.backupArn());
            return false;
        }
        Map<UUID, Instant> restores = ledger.startDeletion(dueId, wallClock.instant());
        if (!restores.isEmpty()) {
            LOG.infof("the point of %s is being restored %s: its warm backup stays until it expires",
                    point.backupArn(), restores);
            return false;
        }
        AwsScope scope = AwsScope.of(point.table());
        try {
            clients.limits().call(AwsOperation.DELETE_BACKUP, scope, () -> clients.dynamoDb(entry.account(),
                    point.table().region()).deleteBackup(b -> b.backupArn(point.backupArn())));
        } catch (BackupNotFoundException gone) {
            LOG.infof("the warm backup %s was already gone", point.backupArn());
        }
        return true;
    }

    private PointArchived archived(RestoreSource point, ArchiveRecord record) {
        return new PointArchived(PointArchived.idOf(point), record.archivedAt(), point, record.location(),
                record.exportArn(), record.itemCount(), record.storageClass(), record.warmDeleted(),
                record.archivedBy());
    }

    private ArchiveFailed failed(ArchiveRequested request, String error) {
        return new ArchiveFailed(ArchiveFailed.idOf(request.point(), request.attempt()), clock.instant(),
                request.point(), request.attempt(), error, instanceId);
    }
}
