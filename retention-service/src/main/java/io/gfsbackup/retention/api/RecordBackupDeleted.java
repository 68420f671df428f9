package io.gfsbackup.retention.api;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Record that the backup {@code backupArn} of a point was deleted, or found gone ({@code alreadyGone}), at
 * {@code at} (from {@code BackupDeleted}). Only a point the chain expired leaves it; for a live point the report
 * is recorded and the point stays.
 */
public record RecordBackupDeleted(@TargetAggregateIdentifier UUID chainId, Instant slot, Instant at, String backupArn,
                                  boolean alreadyGone)
        implements BackupEventCommand {
}
