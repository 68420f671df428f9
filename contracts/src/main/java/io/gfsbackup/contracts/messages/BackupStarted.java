package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * A worker has claimed a due and is about to make its backup (the job is RUNNING). Not an outcome: one due may be
 * started more than once (a worker that stopped is taken over by another; {@code startedBy} names each), and exactly
 * one outcome follows. Its id is unique per due and worker, so a repeated message of one start is a duplicate.
 */
public record BackupStarted(UUID id, Instant occurredAt, DueSlot due, String startedBy) implements Message {

    public BackupStarted {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(due, "due");
        Require.present(startedBy, "startedBy");
    }

    public static BackupStarted of(DueSlot due, String startedBy, Instant occurredAt) {
        return new BackupStarted(Ids.nameBased("backup-started", due.dueId(), startedBy), occurredAt, due,
                startedBy);
    }
}
