package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * The scratch table of restore test {@code restoreId} was dropped, or was already gone. On
 * {@link Topics#BACKUP_EVENTS}, keyed by the source table's ARN.
 */
public record ScratchTableDropped(UUID id, Instant occurredAt, UUID restoreId, RestoreSource source, TableRef table,
                                  boolean alreadyGone) implements Message {

    public ScratchTableDropped {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(restoreId, "restoreId");
        Require.present(source, "source");
        Require.present(table, "table");
    }

    public static ScratchTableDropped of(UUID restoreId, RestoreSource source, TableRef table, boolean alreadyGone,
                                         Instant occurredAt) {
        return new ScratchTableDropped(Ids.nameBased("scratch-table-dropped", restoreId), occurredAt, restoreId,
                source, table, alreadyGone);
    }
}
