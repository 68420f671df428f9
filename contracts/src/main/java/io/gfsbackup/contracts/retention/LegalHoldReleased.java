package io.gfsbackup.contracts.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * The legal hold on a point ended at {@code at}; with no flags left it expires then (section 5).
 *
 * @param by     who released the hold (the caller's identity); {@code null} only in events stored before it was
 *               recorded
 * @param reason why, in the words of whoever released it; {@code null} only in events stored before it was
 *               recorded
 */
public record LegalHoldReleased(Instant slot, Instant at, String by, String reason) implements ChainEvent {

    public LegalHoldReleased {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(at, "at");
    }
}
