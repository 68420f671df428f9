package io.gfsbackup.operations.jobs;

/** What a job does. Restore and archive jobs join the list as the product makes them. */
public enum JobKind {
    BACKUP,
    DELETION
}
