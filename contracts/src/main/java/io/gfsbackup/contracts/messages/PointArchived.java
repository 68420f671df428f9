package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

import io.gfsbackup.contracts.retention.ArchiveLocation;

/**
 * A worker made and verified the archive copy of {@code point} at {@code location} ({@code itemCount} items, from
 * the export {@code exportArn}, in {@code storageClass}); in {@code MOVE} mode {@code warmDeleted} says whether it
 * then deleted the warm backup (not while the point is under legal hold).
 */
public record PointArchived(UUID id, Instant occurredAt, RestoreSource point, ArchiveLocation location,
                            String exportArn, long itemCount, String storageClass, boolean warmDeleted,
                            String archivedBy) implements Message {

    public PointArchived {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(point, "point");
        Require.present(location, "location");
        Require.present(storageClass, "storageClass");
    }

    public static UUID idOf(RestoreSource point) {
        return Ids.nameBased("point-archived", point.chainId().toString(), point.slot().toString());
    }
}
