package io.gfsbackup.retention.api;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.ChainPoint;
import io.gfsbackup.contracts.retention.PointExpired;

/**
 * How many points one {@link AdvanceChain} may expire (the clock guard, docs/retention-service.md). When a chain
 * would expire more, it expires none of them: they are held back, undecided, and counted in
 * {@link ChainOutcome#heldExpiries()}; everything else that is due (flags, retention gaps) still happens.
 *
 * <p>{@link #forInterval} allows what the chain's schedule can expire in {@code interval} of legitimately elapsed
 * time, plus {@code slack}: with its alive points {@code c} apart at the closest (the schedule's cadence), each tier
 * flagged on them can expire at most one point per {@code c}, so {@code tiers * (ceil(interval / c) + 1) + slack}.
 * Only expiries after {@code countedAfter} count: those at or before it fell due at an instant the guard already
 * trusted (the clock at the last trusted pass, or when an admin resumed the policy's deletions), so they are a late
 * decision (a backup recorded late, a chain that could not be advanced then), not the effect of the clock's move.
 *
 * @param paused        no expiry at all: the policy's deletions are paused, or the clock is not trusted
 * @param interval      the time that legitimately elapsed; {@code null} for no limit
 * @param slack         expiries allowed on top of what the schedule explains
 * @param countedAfter  expiries at or before it are not counted; {@code null} to count all
 */
public record ExpiryBudget(boolean paused, Duration interval, int slack, Instant countedAfter) {

    /** No limit: what {@link AdvanceChain} without a budget means (tests, tools). */
    public static final ExpiryBudget UNLIMITED = new ExpiryBudget(false, null, 0, null);
    /** Nothing may expire. */
    public static final ExpiryBudget PAUSED = new ExpiryBudget(true, null, 0, null);

    public static ExpiryBudget forInterval(Duration interval, int slack, Instant countedAfter) {
        return new ExpiryBudget(false, interval, slack, countedAfter);
    }

    /** Whether {@code expiries}, due now in a chain whose alive points are {@code alive}, may all happen. */
    public boolean allows(List<PointExpired> expiries, List<ChainPoint> alive) {
        if (expiries.isEmpty()) {
            return true;
        }
        if (paused) {
            return false;
        }
        if (interval == null) {
            return true;
        }
        long counted = expiries.stream()
                .filter(expired -> countedAfter == null || expired.at().isAfter(countedAfter)).count();
        return counted <= allowance(alive);
    }

    /** How many points the chain's schedule can expire in {@link #interval}, plus {@link #slack}. */
    long allowance(List<ChainPoint> alive) {
        Set<Tier> tiers = EnumSet.noneOf(Tier.class);
        alive.forEach(point -> tiers.addAll(point.flags()));
        long perTier = 1;
        Duration cadence = null;
        for (int i = 1; i < alive.size(); i++) {
            Duration gap = Duration.between(alive.get(i - 1).slot(), alive.get(i).slot());
            cadence = cadence == null || gap.compareTo(cadence) < 0 ? gap : cadence;
        }
        if (cadence != null) {
            perTier = ceilDiv(interval.toMillis(), Math.max(1, cadence.toMillis())) + 1;
        }
        return Math.max(1, tiers.size()) * perTier + slack;
    }

    private static long ceilDiv(long dividend, long divisor) {
        return dividend <= 0 ? 0 : (dividend + divisor - 1) / divisor;
    }
}
