package io.gfsbackup.worker.persistence;

/** Where a restore stands in the worker's records. CLAIMED and RESTORING are the states that are not an outcome. */
public enum RestoreState {
    /** A worker owns the restore and has not called RestoreTableFromBackup yet. */
    CLAIMED,
    /** RestoreTableFromBackup is being called, or was: the target table may be this restore's. */
    RESTORING,
    /** The table is ACTIVE (and a test's validation passed); the RestoreEnded is recorded. */
    COMPLETED,
    /** The restore failed; the RestoreEnded with the error is recorded. */
    FAILED
}
