package io.gfsbackup.retention.api;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record that the backup of a point was deleted or found gone at {@code at} (from {@code BackupDeleted}). */
public record RecordBackupDeleted(@TargetAggregateIdentifier UUID chainId, Instant slot, Instant at)
        implements BackupEventCommand {
}
