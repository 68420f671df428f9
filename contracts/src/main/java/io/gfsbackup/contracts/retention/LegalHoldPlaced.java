package io.gfsbackup.contracts.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * From {@code at} on, the point is never expired; its flags are still unassigned on time (section 5).
 *
 * @param by     who placed the hold (the caller's identity); {@code null} only in events stored before it was
 *               recorded
 * @param reason why, in the words of whoever placed it; {@code null} only in events stored before it was recorded
 */
public record LegalHoldPlaced(Instant slot, Instant at, String by, String reason) implements ChainEvent {

    public LegalHoldPlaced {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(at, "at");
    }
}
