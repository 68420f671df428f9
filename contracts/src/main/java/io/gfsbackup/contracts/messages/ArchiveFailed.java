package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * Attempt {@code attempt} to archive {@code point} failed with {@code error}: the point stays warm, and the chain asks
 * again later (retention-semantics section 8).
 */
public record ArchiveFailed(UUID id, Instant occurredAt, RestoreSource point, int attempt, String error,
                            String failedBy) implements Message {

    public ArchiveFailed {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(point, "point");
        Require.present(error, "error");
    }

    public static UUID idOf(RestoreSource point, int attempt) {
        return Ids.nameBased("archive-failed", point.chainId().toString(), point.slot().toString(),
                Integer.toString(attempt));
    }
}
