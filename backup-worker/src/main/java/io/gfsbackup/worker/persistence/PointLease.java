package io.gfsbackup.worker.persistence;

/**
 * Whether a restore could take a lease on its point ({@link Ledger#addRestoreLease}), and if not, why: the words of
 * {@link #error()} go into the restore's {@code RestoreEnded}.
 */
public enum PointLease {
    /** The point's backup is CREATED and no deletion has started: the lease is on the entry. */
    ADDED(null),
    /** The ledger has no entry for the point. */
    NO_ENTRY("this system has no backup of that point"),
    /** The point's backup was deleted (its point expired). */
    DELETED("the point's backup was deleted"),
    /** A deletion of the point's backup has started. */
    DELETION_STARTED("the point is being deleted"),
    /** The point's due has no backup (it failed, was missed, or is still being made). */
    NOT_CREATED("the point has no backup that can be restored (its due did not end CREATED)");

    private final String error;

    PointLease(String error) {
        this.error = error;
    }

    /** Why the lease was refused, in words; null for {@link #ADDED}. */
    public String error() {
        return error;
    }
}
