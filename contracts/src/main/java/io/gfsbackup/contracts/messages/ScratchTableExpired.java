package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * The scratch table of restore test {@code restoreId}, kept for the test's {@code keepFor}, is due to be dropped
 * (from the operations service, on {@link Topics#RESTORE_REQUESTS} keyed by the source table's ARN). The worker
 * drops only a table whose name starts with the reserved prefix and that its own records say it restored.
 */
public record ScratchTableExpired(UUID id, Instant occurredAt, UUID restoreId, RestoreSource source, TableRef table)
        implements Message {

    public ScratchTableExpired {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(restoreId, "restoreId");
        Require.present(source, "source");
        Require.present(table, "table");
    }

    public static ScratchTableExpired of(UUID restoreId, RestoreSource source, TableRef table, Instant occurredAt) {
        return new ScratchTableExpired(Ids.nameBased("scratch-table-expired", restoreId), occurredAt, restoreId,
                source, table);
    }
}
