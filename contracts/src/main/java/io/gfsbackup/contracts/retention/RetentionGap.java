package io.gfsbackup.contracts.retention;

import io.gfsbackup.contracts.policy.Tier;

import java.time.Instant;
import java.util.Objects;

/**
 * No restore point carries {@code tier} for {@code [periodStart, periodEnd)}: the slot of {@code periodStart}
 * was lost and no point succeeded before the next slot of the tier, {@code periodEnd} (section 6).
 */
public record RetentionGap(Tier tier, Instant periodStart, Instant periodEnd) implements ChainEvent {

    public RetentionGap {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
    }

    @Override
    public Instant at() {
        return periodEnd;
    }
}
