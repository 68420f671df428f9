package io.gfsbackup.contracts.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.UUID;

/**
 * Every payload on the project's topics: JSON with a {@code type} (the record's simple name), a stable,
 * deterministic {@code id} (see {@link Ids}) and {@code occurredAt}. Read and written by {@link Messages}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = PolicyUpserted.class, name = "PolicyUpserted"),
        @JsonSubTypes.Type(value = BackupDue.class, name = "BackupDue"),
        @JsonSubTypes.Type(value = BackupStarted.class, name = "BackupStarted"),
        @JsonSubTypes.Type(value = BackupCreated.class, name = "BackupCreated"),
        @JsonSubTypes.Type(value = BackupFailed.class, name = "BackupFailed"),
        @JsonSubTypes.Type(value = BackupMissed.class, name = "BackupMissed"),
        @JsonSubTypes.Type(value = BackupDeleted.class, name = "BackupDeleted"),
        @JsonSubTypes.Type(value = FlagUnassigned.class, name = "FlagUnassigned"),
        @JsonSubTypes.Type(value = PointExpired.class, name = "PointExpired"),
        @JsonSubTypes.Type(value = RetentionGap.class, name = "RetentionGap"),
        @JsonSubTypes.Type(value = DeletionsPaused.class, name = "DeletionsPaused"),
        @JsonSubTypes.Type(value = DeletionsResumed.class, name = "DeletionsResumed"),
        @JsonSubTypes.Type(value = RestoreRequested.class, name = "RestoreRequested"),
        @JsonSubTypes.Type(value = RestoreStarted.class, name = "RestoreStarted"),
        @JsonSubTypes.Type(value = RestoreEnded.class, name = "RestoreEnded"),
        @JsonSubTypes.Type(value = ScratchTableExpired.class, name = "ScratchTableExpired"),
        @JsonSubTypes.Type(value = ScratchTableDropped.class, name = "ScratchTableDropped"),
        @JsonSubTypes.Type(value = ArchiveRequested.class, name = "ArchiveRequested"),
        @JsonSubTypes.Type(value = PointArchived.class, name = "PointArchived"),
        @JsonSubTypes.Type(value = ArchiveFailed.class, name = "ArchiveFailed"),
        @JsonSubTypes.Type(value = RestoreProgressed.class, name = "RestoreProgressed")})
public sealed interface Message permits PolicyUpserted, BackupDue, BackupStarted, BackupCreated, BackupFailed,
        BackupMissed, BackupDeleted, FlagUnassigned, PointExpired, RetentionGap, DeletionsPaused,
        DeletionsResumed, RestoreRequested, RestoreStarted, RestoreEnded, ScratchTableExpired, ScratchTableDropped,
        ArchiveRequested, PointArchived, ArchiveFailed, RestoreProgressed {

    /** The message type as written in JSON: the record's simple name. */
    default String type() {
        return getClass().getSimpleName();
    }

    UUID id();

    Instant occurredAt();
}
