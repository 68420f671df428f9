package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/** The point of {@code slot} expired at {@code at} (sections 4, 5): the worker deletes its backup. */
public record PointExpired(UUID id, Instant occurredAt, UUID policyId, TableRef table, Instant slot, String backupArn,
                           String backupName, Instant at, String reason) implements Message {

    public PointExpired {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(policyId, "policyId");
        Require.present(table, "table");
        Require.present(slot, "slot");
        Require.present(backupArn, "backupArn");
        Require.present(at, "at");
        Require.present(reason, "reason");
    }

    /** The message of a chain's decision about the point whose backup is {@code backupArn}. */
    public static PointExpired of(UUID policyId, TableRef table, String backupArn, String backupName,
                                  io.gfsbackup.contracts.retention.PointExpired event, Instant occurredAt) {
        return new PointExpired(Ids.pointExpiredId(policyId, table.arn(), event.slot()), occurredAt, policyId, table,
                event.slot(), backupArn, backupName, event.at(), event.reason().name());
    }
}
