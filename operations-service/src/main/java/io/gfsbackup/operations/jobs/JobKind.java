package io.gfsbackup.operations.jobs;

/**
 * What a job does: a backup of a slot, the deletion of an expired point, a restore asked for by an operator, or a
 * restore made by a run of a policy's restore test (their job id is the restore id). Archive jobs join the list as
 * the product makes them.
 */
public enum JobKind {
    BACKUP,
    DELETION,
    RESTORE,
    RESTORE_TEST
}
