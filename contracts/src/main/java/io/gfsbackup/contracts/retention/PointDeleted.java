package io.gfsbackup.contracts.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * A point's backup no longer exists: deleted, or found gone, after the point expired. It still counts as a newer
 * point for keepAtLeast. A deletion reported for a point that has not expired is {@link DeletionRefused} instead.
 */
public record PointDeleted(Instant slot, Instant at) implements ChainEvent {

    public PointDeleted {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(at, "at");
    }
}
