package io.gfsbackup.contracts.retention;

import java.time.Instant;
import java.util.Objects;

import io.gfsbackup.contracts.policy.Archive;

/**
 * The point of {@code slot} is to be archived now (retention-semantics section 8): {@code attempt} 1 at its archive
 * instant, a later attempt when the one before failed, after a growing wait ({@link BackupChain#ARCHIVE_RETRY}).
 * {@code archive} is the setting of the policy version that created the point.
 */
public record ArchiveDue(Instant slot, Instant at, int attempt, Archive archive) implements ChainEvent {

    public ArchiveDue {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(archive, "archive");
    }
}
