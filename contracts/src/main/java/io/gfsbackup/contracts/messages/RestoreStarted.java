package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * A worker has claimed a restore and is calling {@code RestoreTableFromBackup} (the restore is RESTORING). On
 * {@link Topics#BACKUP_EVENTS}, keyed by the source table's ARN, so that the point's chain records it. As with
 * {@link BackupStarted}, a restore taken over by another worker starts again; its id is unique per restore and worker.
 */
public record RestoreStarted(UUID id, Instant occurredAt, UUID restoreId, RestoreSource source, TableRef target,
                             String requestedBy, Instant requestedAt, boolean test, String startedBy)
        implements Message {

    public RestoreStarted {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(restoreId, "restoreId");
        Require.present(source, "source");
        Require.present(target, "target");
        Require.present(requestedBy, "requestedBy");
        Require.present(requestedAt, "requestedAt");
        Require.present(startedBy, "startedBy");
    }

    public static RestoreStarted of(RestoreRequested request, String startedBy, Instant occurredAt) {
        return new RestoreStarted(Ids.nameBased("restore-started", request.restoreId(), startedBy), occurredAt,
                request.restoreId(), request.source(), request.target(), request.requestedBy(),
                request.requestedAt(), request.test() != null, startedBy);
    }
}
