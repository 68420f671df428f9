package io.gfsbackup.operations.protection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.gfsbackup.contracts.policy.Tier;

/**
 * What the projection knows of the tables, read at once for a report: per policy and table the newest success, the
 * failures after it and the alive points; the retention gaps; the paused policies; every table with alive points or
 * jobs; when each table was first listed.
 */
public record Facts(Map<PolicyTable, Success> lastSuccess, Map<PolicyTable, Failures> failures,
                    Map<PolicyTable, Points> points, List<Gap> gaps, Map<UUID, Pause> pauses,
                    Set<String> knownTables, Map<String, Instant> firstSeen) {

    public Facts {
        lastSuccess = Map.copyOf(lastSuccess);
        failures = Map.copyOf(failures);
        points = Map.copyOf(points);
        gaps = List.copyOf(gaps);
        pauses = Map.copyOf(pauses);
        knownTables = Set.copyOf(knownTables);
        firstSeen = Map.copyOf(firstSeen);
    }

    /** A policy and one of its tables. */
    public record PolicyTable(UUID policyId, String tableArn) {
    }

    /** The newest completed backup: when it ended, and its slot. */
    public record Success(Instant at, Instant slot) {
    }

    /** The backup jobs that ended FAILED or MISSED after the newest success (by slot), and the newest of them. */
    public record Failures(long count, Instant newestSlot, String newestState, String newestError) {
    }

    /** Alive (not deleted) restore points: how many in all, how many carry each flag, and how many carry none. */
    public record Points(long total, long d, long w, long m, long y, long unflagged) {

        public static final Points NONE = new Points(0, 0, 0, 0, 0, 0);

        public long of(Tier tier) {
            return switch (tier) {
                case D -> d;
                case W -> w;
                case M -> m;
                case Y -> y;
            };
        }

        public Points plus(Points other) {
            return new Points(total + other.total, d + other.d, w + other.w, m + other.m, y + other.y,
                    unflagged + other.unflagged);
        }
    }

    /** A period of a tier that has no point (section 6), as the retention service reported it. */
    public record Gap(UUID policyId, String tableArn, Tier tier, Instant periodStart, Instant periodEnd) {
    }

    /** A pause of a policy's deletions that no resume has ended. */
    public record Pause(UUID policyId, Instant pausedAt, String cause, String reason) {
    }
}
