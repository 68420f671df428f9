package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * Restore {@code source} to a new table {@code target} (same account and region: DynamoDB restores nowhere else),
 * as {@code requestedBy} asked at {@code requestedAt}; {@code test} is set for a run of a policy's restore test, whose
 * target is a scratch table. On {@link Topics#RESTORE_REQUESTS}, keyed by the source table's ARN. Its id follows from
 * the restore id: a request sent twice is one restore.
 */
public record RestoreRequested(UUID id, Instant occurredAt, UUID restoreId, RestoreSource source, TableRef target,
                               RestoreOptions options, String requestedBy, Instant requestedAt,
                               RestoreTestRun test) implements Message {

    public RestoreRequested {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(restoreId, "restoreId");
        Require.present(source, "source");
        Require.present(target, "target");
        Require.present(requestedBy, "requestedBy");
        Require.present(requestedAt, "requestedAt");
        options = options == null ? RestoreOptions.NONE : options;
    }

    public static RestoreRequested of(UUID restoreId, RestoreSource source, TableRef target, RestoreOptions options,
                                      String requestedBy, Instant requestedAt, RestoreTestRun test) {
        return new RestoreRequested(Ids.nameBased("restore-requested", restoreId), requestedAt, restoreId, source,
                target, options, requestedBy, requestedAt, test);
    }
}
