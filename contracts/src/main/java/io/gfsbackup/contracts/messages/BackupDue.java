package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/** A slot is due for a table: take a backup before {@code due.startWindowEnd}. Its id is the due id. */
public record BackupDue(UUID id, Instant occurredAt, DueSlot due) implements Message {

    public BackupDue {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(due, "due");
    }

    public static BackupDue of(DueSlot due, Instant occurredAt) {
        return new BackupDue(due.dueId(), occurredAt, due);
    }
}
