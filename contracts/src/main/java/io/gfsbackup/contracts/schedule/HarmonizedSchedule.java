package io.gfsbackup.contracts.schedule;

import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.Schedule;
import io.gfsbackup.contracts.policy.Tier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The slots of a policy and their flags (retention-semantics, sections 2 and 3), as pure functions of the policy
 * and a time range.
 *
 * <p>The most frequent tier present creates the points: for each local date on which it runs and each of its
 * times, the slot is that local date-time in the policy's zone, resolved as {@code ZonedDateTime.of} resolves it
 * (a time in a DST gap moves later by the gap; in an overlap it takes the earlier offset and runs once). Two
 * local times at one instant are one slot with the union of their flags. A slot is flagged with every tier whose
 * rule matches its local date and time. The policy is expected to be valid ({@code PolicyValidator}).
 */
public final class HarmonizedSchedule {

    /** How far ahead a next slot is looked for: a yearly tier runs at least once in any such span. */
    private static final Duration[] SEARCH_STEPS = {
            Duration.ofDays(8), Duration.ofDays(32), Duration.ofDays(370), Duration.ofDays(400)};

    private HarmonizedSchedule() {
    }

    /** The tier that creates the restore points: the most frequent one present (section 2). */
    public static Tier creatingTier(Schedule schedule) {
        return schedule.tiers().stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("a schedule needs at least one tier"));
    }

    /** The slots in {@code [fromInclusive, toExclusive)}, in time order. */
    public static List<Slot> slots(BackupPolicy policy, Instant fromInclusive, Instant toExclusive) {
        return new CompiledSchedule(policy).slots(fromInclusive, toExclusive);
    }

    /** The first slot after {@code afterExclusive}. */
    public static Optional<Slot> nextSlot(BackupPolicy policy, Instant afterExclusive) {
        return next(policy, afterExclusive, slot -> true);
    }

    /**
     * The first slot after {@code afterExclusive} that carries {@code tier}; empty when the policy has no such
     * tier. Section 6 uses it as the deadline until which a lost slot's flag of that tier is carried forward.
     */
    public static Optional<Instant> nextSlotOfTier(BackupPolicy policy, Tier tier, Instant afterExclusive) {
        if (!policy.schedule().has(tier)) {
            return Optional.empty();
        }
        return next(policy, afterExclusive, slot -> slot.has(tier)).map(Slot::at);
    }

    private static Optional<Slot> next(BackupPolicy policy, Instant afterExclusive, Predicate<Slot> wanted) {
        CompiledSchedule schedule = new CompiledSchedule(policy);
        Instant from = afterExclusive.plusNanos(1);
        for (Duration step : SEARCH_STEPS) {
            Instant to = from.plus(step);
            Optional<Slot> found = schedule.slots(from, to).stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found;
            }
            from = to;
        }
        return Optional.empty();
    }
}
