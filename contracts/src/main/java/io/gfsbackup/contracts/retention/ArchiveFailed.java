package io.gfsbackup.contracts.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * A worker reported attempt {@code attempt} to archive the point failed at {@code at} with {@code error}: the point
 * stays warm, and the chain asks again after {@link BackupChain#archiveRetryAfter(int)}.
 */
public record ArchiveFailed(Instant slot, Instant at, int attempt, String error, String failedBy)
        implements ChainEvent {

    public ArchiveFailed {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(at, "at");
    }
}
