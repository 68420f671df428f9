package io.gfsbackup.operations.protection;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;

/**
 * The longest time between two consecutive slots of a policy version, over the year after it was first asked for
 * (two years when a year holds fewer than two slots, as a yearly-only schedule may): the most a table selected by
 * it waits for its next backup, DST shifts and missing days included. Kept per policy id and version.
 */
public final class LongestGaps {

    static final Duration HORIZON = Duration.ofDays(366);

    private final Map<String, Duration> gaps = new ConcurrentHashMap<>();

    public Duration of(PolicyRow policy, Instant now) {
        return gaps.computeIfAbsent(key(policy), key -> compute(policy.policy(), now));
    }

    /** Forgets the versions that are not the latest of a policy any more. */
    public void retain(Collection<PolicyRow> policies) {
        Set<String> keep = policies.stream().map(LongestGaps::key).collect(Collectors.toSet());
        gaps.keySet().retainAll(keep);
    }

    static Duration compute(BackupPolicy policy, Instant from) {
        List<Slot> slots = HarmonizedSchedule.slots(policy, from, from.plus(HORIZON));
        if (slots.size() < 2) {
            slots = HarmonizedSchedule.slots(policy, from, from.plus(HORIZON.multipliedBy(2)));
        }
        if (slots.size() < 2) {
            return HORIZON.multipliedBy(2);
        }
        Duration longest = Duration.ZERO;
        for (int i = 1; i < slots.size(); i++) {
            Duration gap = Duration.between(slots.get(i - 1).at(), slots.get(i).at());
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
        }
        return longest;
    }

    private static String key(PolicyRow policy) {
        return policy.id() + "/" + policy.version();
    }
}
