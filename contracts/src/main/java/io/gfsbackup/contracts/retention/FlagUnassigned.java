package io.gfsbackup.contracts.retention;

import io.gfsbackup.contracts.policy.Tier;

import java.time.Instant;
import java.util.Objects;

/** A flag was unassigned from a point at {@code at}, its slot plus the tier's keep (section 4). */
public record FlagUnassigned(Instant slot, Tier flag, Instant at, Reason reason) implements ChainEvent {

    public FlagUnassigned {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
    }

    /** Why a flag goes. */
    public enum Reason {
        /** Its keep period, counted from the slot, has elapsed. */
        RETENTION_ELAPSED
    }
}
