package io.gfsbackup.retention.api;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import io.gfsbackup.contracts.retention.ChainEvent;

/**
 * Record what a worker reported of a point's archive copy (from {@code PointArchived} or {@code ArchiveFailed}):
 * {@code outcome} is the chain's {@link io.gfsbackup.contracts.retention.PointArchived} or
 * {@link io.gfsbackup.contracts.retention.ArchiveFailed}. History that changes no flag or expiry; a failure makes the
 * chain ask again later. The chain and the point must exist.
 */
public record RecordArchiveOutcome(@TargetAggregateIdentifier UUID chainId, ChainEvent outcome)
        implements BackupEventCommand {

    public RecordArchiveOutcome {
        if (!(outcome instanceof io.gfsbackup.contracts.retention.PointArchived
                || outcome instanceof io.gfsbackup.contracts.retention.ArchiveFailed)) {
            throw new IllegalArgumentException("not an archive outcome: " + outcome);
        }
    }
}
