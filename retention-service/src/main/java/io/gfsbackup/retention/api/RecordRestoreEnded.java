package io.gfsbackup.retention.api;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import io.gfsbackup.contracts.retention.RestoreEnded;

/**
 * Record how a restore of a point's backup ended (from {@code RestoreEnded}): history of the point that changes no
 * flag or expiry. The chain and the point must exist.
 */
public record RecordRestoreEnded(@TargetAggregateIdentifier UUID chainId, RestoreEnded ended)
        implements BackupEventCommand {
}
