package io.gfsbackup.operations.jobs;

/**
 * What a job does: a backup of a slot, the deletion of an expired point, a restore asked for by an operator, a
 * restore made by a run of a policy's restore test (their job id is the restore id), or the archive copy of a point
 * (one job per point, whatever its attempts; docs/archive.md).
 */
public enum JobKind {
    BACKUP,
    DELETION,
    RESTORE,
    RESTORE_TEST,
    ARCHIVE
}
