package io.gfsbackup.contracts.retention;

import java.time.Instant;
import java.util.Objects;

/** From {@code at} on, the point is never expired; its flags are still unassigned on time (section 5). */
public record LegalHoldPlaced(Instant slot, Instant at) implements ChainEvent {

    public LegalHoldPlaced {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(at, "at");
    }
}
