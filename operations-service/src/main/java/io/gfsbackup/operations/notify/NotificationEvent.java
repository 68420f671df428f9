package io.gfsbackup.operations.notify;

/** What a notification rule can be told of. */
public enum NotificationEvent {
    /** Backups of a slot failed (after the worker's retries). */
    BACKUP_FAILED,
    /** Backups of a slot were not made within its start window. */
    SLOT_MISSED,
    /** A tier of a table has a period without a point. */
    RETENTION_GAP,
    /** The worker gave up deleting an expired backup. */
    DELETION_FAILED,
    /** The worker refused to delete an expired backup (legal hold, not made by this system, terms disagree). */
    DELETION_REFUSED,
    /** The clock guard paused the deletions of a policy. */
    DELETIONS_PAUSED,
    /** A restore an operator asked for failed (the worker's error). */
    RESTORE_FAILED,
    /** A run of a policy's restore test failed: nothing to restore, a restore failed, or its validation did. */
    RESTORE_TEST_FAILED,
    /** An attempt to copy a point to the archive tier failed; the point stays warm and is tried again. */
    ARCHIVE_FAILED,
    /** Once a day per policy: the day's jobs by state, the tables at risk. */
    DAILY_DIGEST
}
