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
 * A restore point joined the chain with its flags (the slot's own and any carried forward from a lost slot,
 * section 6) and the instant each flag will be unassigned, computed from the settings of the policy version
 * that created it (section 4).
 */
public record PointRecorded(Instant slot, Map<Tier, Instant> flagExpiries, Set<Tier> carriedFlags,
                            String backupArn, RetentionSettings settings) implements ChainEvent {

    public PointRecorded {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(settings, "settings");
        EnumMap<Tier, Instant> copy = new EnumMap<>(Tier.class);
        copy.putAll(flagExpiries);
        flagExpiries = Collections.unmodifiableMap(copy);
        carriedFlags = Flags.of(carriedFlags == null ? Set.of() : carriedFlags);
    }

    /** The point's flags at creation, in the order D, W, M, Y. */
    public Set<Tier> flags() {
        return Flags.of(flagExpiries.keySet());
    }

    @Override
    public Instant at() {
        return slot;
    }
}
