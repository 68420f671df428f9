package io.gfsbackup.contracts.retention;

import java.time.Instant;
import java.util.Objects;

/** The legal hold on a point ended at {@code at}; with no flags left it expires then (section 5). */
public record LegalHoldReleased(Instant slot, Instant at) implements ChainEvent {

    public LegalHoldReleased {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(at, "at");
    }
}
