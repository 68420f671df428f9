package io.gfsbackup.contracts.policy;

import java.time.Period;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The tiers of a policy; each is {@code null} when absent. A valid schedule has at least one tier, and the
 * most frequent tier present creates the restore points (section 2).
 */
public record Schedule(DailySchedule daily, WeeklySchedule weekly, MonthlySchedule monthly, YearlySchedule yearly) {

    /** The tiers present, in the order D, W, M, Y. */
    public Set<Tier> tiers() {
        EnumSet<Tier> tiers = EnumSet.noneOf(Tier.class);
        if (daily != null) {
            tiers.add(Tier.D);
        }
        if (weekly != null) {
            tiers.add(Tier.W);
        }
        if (monthly != null) {
            tiers.add(Tier.M);
        }
        if (yearly != null) {
            tiers.add(Tier.Y);
        }
        return Collections.unmodifiableSet(tiers);
    }

    /** Whether {@code tier} is present. */
    public boolean has(Tier tier) {
        return switch (tier) {
            case D -> daily != null;
            case W -> weekly != null;
            case M -> monthly != null;
            case Y -> yearly != null;
        };
    }

    /** The keep period of {@code tier}, empty when the tier is absent. */
    public Optional<Period> keep(Tier tier) {
        return Optional.ofNullable(switch (tier) {
            case D -> daily == null ? null : daily.keep();
            case W -> weekly == null ? null : weekly.keep();
            case M -> monthly == null ? null : monthly.keep();
            case Y -> yearly == null ? null : yearly.keep();
        });
    }

    /** The next more frequent tier present than {@code tier}: the one whose points {@code tier} selects. */
    public Optional<Tier> moreFrequentThan(Tier tier) {
        for (int i = tier.ordinal() - 1; i >= 0; i--) {
            Tier candidate = Tier.values()[i];
            if (has(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
