package io.gfsbackup.contracts.retention;

import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.schedule.Flags;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A slot was missed or its backup finally failed (section 6). Its W, M and Y flags are carried to the next point
 * recorded before {@code carryDeadlines} of the tier (the tier's next slot).
 */
public record SlotLost(Instant slot, Set<Tier> flags, Map<Tier, Instant> carryDeadlines) implements ChainEvent {

    public SlotLost {
        Objects.requireNonNull(slot, "slot");
        flags = Flags.of(flags);
        EnumMap<Tier, Instant> copy = new EnumMap<>(Tier.class);
        copy.putAll(carryDeadlines);
        carryDeadlines = Collections.unmodifiableMap(copy);
    }

    @Override
    public Instant at() {
        return slot;
    }
}
