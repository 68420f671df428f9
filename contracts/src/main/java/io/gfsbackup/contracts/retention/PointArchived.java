package io.gfsbackup.contracts.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * A worker reported the point's archive copy made and verified at {@code at}, at {@code location}; {@code warmDeleted}
 * whether it then deleted the warm backup ({@code MOVE}). From then on the point lives in the archive (and, in
 * {@code COPY} mode or while held, also warm) until it expires. History: it changes no flag or expiry.
 */
public record PointArchived(Instant slot, Instant at, ArchiveLocation location, String exportArn, long itemCount,
                            String storageClass, boolean warmDeleted, String archivedBy) implements ChainEvent {

    public PointArchived {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(location, "location");
    }
}
