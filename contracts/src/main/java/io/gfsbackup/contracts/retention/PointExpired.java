package io.gfsbackup.contracts.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * A point left the chain at {@code at}: its backup is to be deleted (sections 4 and 5). A point expires at the
 * latest of: its last flag's expiry, the slot of the newer point that pushes it out of the newest
 * {@code keepAtLeast}, and the release of a legal hold.
 */
public record PointExpired(Instant slot, Instant at, Reason reason) implements ChainEvent {

    public PointExpired {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
    }

    /** Which of the three instants decided the expiry. */
    public enum Reason {
        /** Its last flag was unassigned, and nothing held it. */
        NO_FLAGS_LEFT,
        /** Its flags were gone earlier; a newer point pushed it out of the newest keepAtLeast (section 5). */
        PUSHED_OUT_OF_KEEP_AT_LEAST,
        /** Its flags were gone earlier; its legal hold was released (section 5). */
        LEGAL_HOLD_RELEASED
    }
}
