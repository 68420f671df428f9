package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * The backup of an expired point was deleted, or was already gone ({@code alreadyGone}); {@code causedBy} is the
 * id of the {@link PointExpired} that asked for it.
 */
public record BackupDeleted(UUID id, Instant occurredAt, UUID policyId, TableRef table, Instant slot,
                            String backupArn, boolean alreadyGone, UUID causedBy) implements Message {

    public BackupDeleted {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(policyId, "policyId");
        Require.present(table, "table");
        Require.present(slot, "slot");
        Require.present(backupArn, "backupArn");
    }

    public static BackupDeleted of(PointExpired expired, boolean alreadyGone, Instant occurredAt) {
        return new BackupDeleted(Ids.backupDeletedId(expired.policyId(), expired.table().arn(), expired.slot()),
                occurredAt, expired.policyId(), expired.table(), expired.slot(), expired.backupArn(), alreadyGone,
                expired.id());
    }
}
