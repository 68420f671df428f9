package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

import io.gfsbackup.contracts.policy.Archive;

/**
 * The chain decided that the point {@code point} is archived now ({@code attempt} 1 at its archive instant, a later
 * attempt after a failure): the worker copies its backup to the archive under {@code archive} (the settings of the
 * policy version that created it) and reports {@link PointArchived} or {@link ArchiveFailed}.
 */
public record ArchiveRequested(UUID id, Instant occurredAt, RestoreSource point, int attempt, Archive archive)
        implements Message {

    public ArchiveRequested {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(point, "point");
        Require.present(archive, "archive");
        Require.present(archive.target(), "archive.target");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
        }
    }

    /** The message of the chain's decision {@code due} about {@code point}. */
    public static ArchiveRequested of(RestoreSource point, io.gfsbackup.contracts.retention.ArchiveDue due) {
        return new ArchiveRequested(Ids.nameBased("archive-requested", point.chainId().toString(),
                point.slot().toString(), Integer.toString(due.attempt())), due.at(), point, due.attempt(),
                due.archive());
    }
}
