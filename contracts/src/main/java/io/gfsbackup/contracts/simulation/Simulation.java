package io.gfsbackup.contracts.simulation;

import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.ArchiveLocation;
import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.ArchiveTarget;
import io.gfsbackup.contracts.retention.ArchiveDue;
import io.gfsbackup.contracts.retention.BackupChain;
import io.gfsbackup.contracts.retention.ChainEvent;
import io.gfsbackup.contracts.retention.PointArchived;
import io.gfsbackup.contracts.retention.ChainPoint;
import io.gfsbackup.contracts.retention.RetentionSettings;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a policy does to one table whose backups all succeed (retention-semantics, section 7): the slots of
 * {@link HarmonizedSchedule}, fed in time order into a {@link BackupChain}, the very state machine the retention
 * service runs, so the simulation and the live system cannot disagree.
 */
public final class Simulation {

    private Simulation() {
    }

    /**
     * As {@link #run(BackupPolicy, Instant, Instant)}, with what the policy keeps and costs for a table of
     * {@code tableSizeGb} ({@link StorageEstimate}) at {@code prices}.
     */
    public static SimulationResult run(BackupPolicy policy, Instant from, Instant to, double tableSizeGb,
                                       boolean pointInTimeRecovery, StorageEstimate.Prices prices) {
        SimulationResult result = run(policy, from, to);
        return new SimulationResult(result.restorePoints(), result.summary(), StorageEstimate.of(policy, from, to,
                result.restorePoints(), tableSizeGb, pointInTimeRecovery, prices));
    }

    /**
     * Every restore point whose slot is in {@code [from, to)} and every retention event before {@code to}, with the
     * instant each point is archived (section 8) when that is before {@code to}.
     * At each slot the point is recorded first, then retention due at that instant is applied (section 4).
     */
    public static SimulationResult run(BackupPolicy policy, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + " must be before to " + to);
        }
        RetentionSettings settings = RetentionSettings.of(policy);
        BackupChain chain = new BackupChain();
        int peakAlive = 0;
        for (Slot slot : HarmonizedSchedule.slots(policy, from, to)) {
            chain.applyAll(chain.recordPoint(slot.at(), slot.flags(), null, settings));
            copyWhenAsked(chain, chain.applyAll(chain.advanceTo(slot.at())));
            peakAlive = Math.max(peakAlive, chain.aliveCount());
        }
        copyWhenAsked(chain, chain.applyAll(chain.advanceTo(to.minusNanos(1))));
        return result(chain.points(), chain.aliveCount(), peakAlive);
    }

    /** Every archive copy asked for is made at once, as every backup is: the simulated worker never fails. */
    private static void copyWhenAsked(BackupChain chain, List<ChainEvent> decided) {
        for (ChainEvent event : decided) {
            if (event instanceof ArchiveDue due) {
                ArchiveTarget target = due.archive().target();
                chain.applyAll(chain.recordArchived(new PointArchived(due.slot(), due.at(), new ArchiveLocation(
                        target.bucket(), target.region() == null ? "" : target.region(),
                        (target.prefix().isEmpty() ? "" : target.prefix() + "/") + due.slot() + "/", null), null, 0,
                        due.archive().storageClass().name(), due.archive().mode() == Archive.Mode.MOVE,
                        "simulation")));
            }
        }
    }

    private static SimulationResult result(List<ChainPoint> points, int aliveAtEnd, int peakAlive) {
        List<SimulatedPoint> simulated = new ArrayList<>(points.size());
        Map<Tier, Integer> byFlag = new EnumMap<>(Tier.class);
        int expired = 0;
        for (ChainPoint point : points) {
            Map<Tier, Instant> unassigned = new EnumMap<>(Tier.class);
            for (Tier flag : point.flags()) {
                unassigned.put(flag, point.unassigned().get(flag));
                byFlag.merge(flag, 1, Integer::sum);
            }
            if (point.expiredAt() != null) {
                expired++;
            }
            // the chain's own record of the copy it asked for (copyWhenAsked): made at once, at the archive instant
            Instant archivedAt = point.archive() == null || point.archive().copy() == null ? null
                    : point.archive().copy().at();
            simulated.add(new SimulatedPoint(point.slot(), List.copyOf(point.flags()), unassigned, point.expiredAt(),
                    archivedAt));
        }
        return new SimulationResult(simulated,
                new SimulationResult.Summary(points.size(), expired, aliveAtEnd, peakAlive, byFlag));
    }
}
