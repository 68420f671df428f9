package io.gfsbackup.contracts.simulation;

import io.gfsbackup.contracts.policy.Tier;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One restore point of a simulation (retention-semantics, section 7).
 *
 * @param flags      the flags it got at creation, in the order D, W, M, Y
 * @param unassigned for each of them, when it was unassigned, or {@code null} if that is at or after the end
 * @param expiredAt  when it expired, or {@code null} if that is at or after the end
 * @param archivedAt when it was archived (section 8), or {@code null} if it never is or that is at or after the end
 */
public record SimulatedPoint(Instant slot, List<Tier> flags, Map<Tier, Instant> unassigned, Instant expiredAt,
                             Instant archivedAt) {

    public SimulatedPoint {
        flags = List.copyOf(flags);
        EnumMap<Tier, Instant> copy = new EnumMap<>(Tier.class);
        copy.putAll(unassigned);
        unassigned = Collections.unmodifiableMap(copy);
    }

    /** A point of a policy without an archive tier. */
    public SimulatedPoint(Instant slot, List<Tier> flags, Map<Tier, Instant> unassigned, Instant expiredAt) {
        this(slot, flags, unassigned, expiredAt, null);
    }

    /** Whether the point exists at {@code instant}: created at or before it and not expired by then. */
    public boolean isAliveAt(Instant instant) {
        return !slot.isAfter(instant) && (expiredAt == null || expiredAt.isAfter(instant));
    }

    /** Whether the point is alive at {@code instant} and its copy is in the archive by then. */
    public boolean isArchivedAt(Instant instant) {
        return isAliveAt(instant) && archivedAt != null && !archivedAt.isAfter(instant);
    }
}
