package io.gfsbackup.retention.api;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import io.gfsbackup.contracts.retention.RestoreStarted;

/**
 * Record that a worker started restoring a point's backup (from {@code RestoreStarted}): history of the point that
 * changes no flag or expiry. The chain and the point must exist.
 */
public record RecordRestoreStarted(@TargetAggregateIdentifier UUID chainId, RestoreStarted started)
        implements BackupEventCommand {
}
