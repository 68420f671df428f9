package io.gfsbackup.contracts.retention;

import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.schedule.Flags;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of one point of a {@link BackupChain}: its flags at creation, when each was or will be
 * unassigned, which are unassigned already, and whether it expired or was deleted.
 *
 * @param unassigned the flags already unassigned, with the instant of each
 * @param hold       the legal hold on it now (since when, by whom, why), or {@code null} when not held
 * @param expiredAt  when it expired, or {@code null}
 * @param deletedAt  when its backup was deleted or found gone, or {@code null}
 */
public record ChainPoint(Instant slot, Set<Tier> flags, Set<Tier> carriedFlags, Map<Tier, Instant> flagExpiries,
                         Map<Tier, Instant> unassigned, String backupArn, RetentionSettings settings,
                         boolean legalHold, Hold hold, Instant expiredAt, Instant deletedAt) {

    /**
     * A legal hold in force: placed at {@code since}, by {@code by} for {@code reason} (both {@code null} for a
     * hold recorded before they were).
     */
    public record Hold(Instant since, String by, String reason) {
    }

    /** The flags not yet unassigned, in the order D, W, M, Y. */
    public Set<Tier> remainingFlags() {
        EnumSet<Tier> remaining = EnumSet.noneOf(Tier.class);
        remaining.addAll(flags);
        remaining.removeAll(unassigned.keySet());
        return Flags.of(remaining);
    }

    /** Whether the point is still kept: neither expired nor deleted. */
    public boolean isAlive() {
        return expiredAt == null && deletedAt == null;
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiredAt);
    }
}
