package io.gfsbackup.worker.persistence;

/** Where a due stands in the ledger. CLAIMED and CREATING are the states that are not an outcome yet. */
public enum LedgerState {
    /** A worker owns the due and is making its backup. */
    CLAIMED,
    /**
     * The backup was started (its ARN and name are recorded) but was not AVAILABLE when the worker stopped waiting:
     * the due goes back to {@code backup-due} and is followed until the backup is AVAILABLE (then CREATED) or gone
     * (then FAILED).
     */
    CREATING,
    /** The backup is AVAILABLE; its ARN and name are recorded. */
    CREATED,
    /** The backup could not be made inside the start window, or the table is missing. */
    FAILED,
    /** The due arrived after its start window ended and was not run. */
    MISSED,
    /** The backup this system created was deleted because its point expired (or was found gone). */
    DELETED
}
