package io.gfsbackup.worker.persistence;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The worker's memory of every due it handled, shared by all worker instances: what makes CreateBackup and
 * DeleteBackup happen once however often a message is delivered. Every change is conditional, so two workers
 * racing on one due cannot both win.
 */
public interface Ledger {

    /** Writes {@code entry} only if the ledger has nothing for its due id; whether it was written. */
    boolean claim(LedgerEntry entry);

    Optional<LedgerEntry> find(UUID dueId);

    /**
     * Makes {@code newOwner} the owner of a CLAIMED entry that {@code expectedOwner} still holds (a stale claim);
     * whether it did.
     */
    boolean takeOver(UUID dueId, String expectedOwner, String newOwner, Instant leaseUntil);

    /** Extends the lease of a claim that {@code owner} holds; whether {@code owner} still holds it. */
    boolean renew(UUID dueId, String owner, Instant leaseUntil);

    /** Replaces the CLAIMED entry that {@code owner} holds by its outcome; whether {@code owner} still held it. */
    boolean complete(LedgerEntry outcome, String owner);

    /** Replaces the entry of {@code next}'s due by {@code next} if it is still in state {@code expected}; whether it was. */
    boolean replace(LedgerEntry next, LedgerState expected);

    /**
     * Adds the lease of restore {@code restoreId} to the point's entry, in one conditional write that requires the
     * entry to be CREATED with no deletion started (docs/decisions/0013): while the lease lives, a deletion of the
     * point waits. Renewing it is {@link #renewRestoreLease}, ending it {@link #releaseRestoreLease}.
     */
    PointLease addRestoreLease(UUID dueId, UUID restoreId, Instant leaseUntil);

    /** Extends the restore lease; whether it was still there. */
    boolean renewRestoreLease(UUID dueId, UUID restoreId, Instant leaseUntil);

    /** Removes the restore lease (the restore ended); nothing if it is gone. */
    void releaseRestoreLease(UUID dueId, UUID restoreId);

    /**
     * Marks the deletion of a CREATED point started, in one conditional write that requires no live restore lease
     * (one whose end is after {@code now}, on the wall clock) and no lease added or renewed since the entry was read.
     * Returns the live restore leases (restore id to lease end) that keep the deletion from starting: empty when it
     * started now or had started before.
     */
    Map<UUID, Instant> startDeletion(UUID dueId, Instant now);

    /** Replaces a CREATED entry by {@code deleted}; whether the entry was still CREATED. */
    default boolean markDeleted(LedgerEntry deleted) {
        return replace(deleted, LedgerState.CREATED);
    }
}
