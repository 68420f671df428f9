package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/** A due slot could not be started inside its start window; it is never run late (section 6). */
public record BackupMissed(UUID id, Instant occurredAt, DueSlot due, String reason) implements Message {

    public BackupMissed {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(due, "due");
        Require.present(reason, "reason");
    }

    public static BackupMissed of(DueSlot due, String reason, Instant occurredAt) {
        return new BackupMissed(Ids.outcomeId(due.dueId()), occurredAt, due, reason);
    }
}
