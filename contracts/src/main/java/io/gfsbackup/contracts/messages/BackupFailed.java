package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/** The backup of a due slot failed after {@code attempts} tries inside its start window: final (section 6). */
public record BackupFailed(UUID id, Instant occurredAt, DueSlot due, String reason, int attempts) implements Message {

    public BackupFailed {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(due, "due");
        Require.present(reason, "reason");
    }

    public static BackupFailed of(DueSlot due, String reason, int attempts, Instant occurredAt) {
        return new BackupFailed(Ids.outcomeId(due.dueId()), occurredAt, due, reason, attempts);
    }
}
