package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/** The backup of a due slot is AVAILABLE: a new restore point. */
public record BackupCreated(UUID id, Instant occurredAt, DueSlot due, String backupArn, String backupName,
                            long sizeBytes, Instant createdAt) implements Message {

    public BackupCreated {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(due, "due");
        Require.present(backupArn, "backupArn");
        Require.present(backupName, "backupName");
        Require.present(createdAt, "createdAt");
    }

    public static BackupCreated of(DueSlot due, String backupArn, String backupName, long sizeBytes,
                                   Instant createdAt, Instant occurredAt) {
        return new BackupCreated(Ids.outcomeId(due.dueId()), occurredAt, due, backupArn, backupName, sizeBytes,
                createdAt);
    }
}
