package io.gfsbackup.worker.persistence;

import java.time.Instant;
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

    /** Replaces a CREATED entry by {@code deleted}; whether the entry was still CREATED. */
    default boolean markDeleted(LedgerEntry deleted) {
        return replace(deleted, LedgerState.CREATED);
    }
}
