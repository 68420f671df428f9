package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * A restore that is RESTORING entered {@code stage}: a point moved to the archive tier is restored from its copy, whose
 * objects in {@code GLACIER} or {@code DEEP_ARCHIVE} are first restored from S3 (hours), then imported. On
 * {@link Topics#BACKUP_EVENTS}, keyed by the source table's ARN; for the restore's view, not the chain.
 */
public record RestoreProgressed(UUID id, Instant occurredAt, UUID restoreId, RestoreSource source, Stage stage,
                                String detail, String by) implements Message {

    /** What a restore from an archive copy is doing. */
    public enum Stage {
        /** The copy's objects are being restored from S3's archive classes before they can be read. */
        RESTORING_FROM_S3,
        /** {@code ImportTable} is making the new table from the copy. */
        IMPORTING
    }

    public RestoreProgressed {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(restoreId, "restoreId");
        Require.present(source, "source");
        Require.present(stage, "stage");
        Require.present(by, "by");
    }

    public static RestoreProgressed of(UUID restoreId, RestoreSource source, Stage stage, String detail, String by,
                                       Instant occurredAt) {
        return new RestoreProgressed(Ids.nameBased("restore-progressed", restoreId, stage.name(), by), occurredAt,
                restoreId, source, stage, detail, by);
    }
}
