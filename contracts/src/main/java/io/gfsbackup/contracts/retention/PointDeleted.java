package io.gfsbackup.contracts.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * A point's backup no longer exists: deleted after it expired, or found gone. A point deleted while alive leaves
 * the chain without a {@link PointExpired}; it still counts as a newer point for keepAtLeast.
 */
public record PointDeleted(Instant slot, Instant at) implements ChainEvent {

    public PointDeleted {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(at, "at");
    }
}
