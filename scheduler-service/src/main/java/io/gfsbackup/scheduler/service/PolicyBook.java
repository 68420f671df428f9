package io.gfsbackup.scheduler.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.gfsbackup.contracts.policy.BackupPolicy;

/**
 * The policies this instance owns: the current version of each policy on the partitions of {@code policies}
 * assigned to it, and the few versions before it, so that every slot is handled with the version in force at its
 * instant (an edit takes effect from the next slot, even when the scheduler catches up late).
 *
 * <p>A partition is <em>ready</em> once it has been read to the end it had when it was assigned: until then an
 * older version could still be replaced by a newer one further on, so nothing of that partition is scheduled.
 * Shared between the consumer thread (writes) and the emit thread (reads): every entry is immutable and replaced
 * whole.
 */
public final class PolicyBook {

    /** How many versions of one policy are kept; older ones only matter for slots long handled. */
    static final int VERSIONS_KEPT = 16;

    /** One version of a policy, in force from {@code effectiveFrom} (its {@code PolicyUpserted.occurredAt}). */
    public record PolicyVersion(long version, Instant effectiveFrom, BackupPolicy policy) {
    }

    /** The slots of {@code [from, to)} that one version governs. */
    public record Segment(PolicyVersion version, Instant from, Instant to) {
    }

    /** A policy as this instance holds it; {@code versions} in ascending order, never empty. */
    public record OwnedPolicy(UUID id, int partition, List<PolicyVersion> versions) {

        public OwnedPolicy {
            versions = List.copyOf(versions);
        }

        public PolicyVersion latest() {
            return versions.get(versions.size() - 1);
        }

        /**
         * Where the policy's slots start counting when it has no cursor yet: the creation of the policy, i.e. the
         * {@code occurredAt} of the oldest version held (version 1 unless compaction removed it).
         */
        public Instant startsAt() {
            return versions.get(0).effectiveFrom();
        }

        /**
         * {@code [from, to)} cut where versions change: a slot belongs to the latest version in force at its
         * instant; slots before the oldest version held belong to that version.
         */
        public List<Segment> segments(Instant from, Instant to) {
            List<Segment> segments = new ArrayList<>();
            for (int i = 0; i < versions.size(); i++) {
                Instant start = i == 0 ? from : max(from, versions.get(i).effectiveFrom());
                Instant end = i + 1 < versions.size() ? min(to, versions.get(i + 1).effectiveFrom()) : to;
                if (start.isBefore(end)) {
                    segments.add(new Segment(versions.get(i), start, end));
                }
            }
            return segments;
        }

        private static Instant max(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }

        private static Instant min(Instant a, Instant b) {
            return a.isBefore(b) ? a : b;
        }
    }

    /** What an upsert did. */
    public enum Change {
        NEW, NEWER, STALE
    }

    private final Map<UUID, OwnedPolicy> policies = new ConcurrentHashMap<>();
    private final Set<Integer> ready = ConcurrentHashMap.newKeySet();

    /** Takes a version of a policy; one that is not newer than the version held is ignored (at-least-once). */
    public Change upsert(int partition, UUID policyId, long version, Instant occurredAt, BackupPolicy policy) {
        Change[] change = new Change[1];
        policies.compute(policyId, (id, held) -> {
            PolicyVersion next = new PolicyVersion(version, occurredAt, policy);
            if (held == null) {
                change[0] = Change.NEW;
                return new OwnedPolicy(id, partition, List.of(next));
            }
            if (version <= held.latest().version()) {
                change[0] = Change.STALE;
                return held;
            }
            List<PolicyVersion> versions = new ArrayList<>(held.versions());
            if (!versions.isEmpty() && occurredAt.isBefore(held.latest().effectiveFrom())) {
                // a newer version cannot be in force before an older one: treat it as in force from the older's
                // instant on (it then governs every later slot)
                next = new PolicyVersion(version, held.latest().effectiveFrom(), policy);
            }
            versions.add(next);
            while (versions.size() > VERSIONS_KEPT) {
                versions.remove(0);
            }
            change[0] = Change.NEWER;
            return new OwnedPolicy(id, partition, versions);
        });
        return change[0];
    }

    /** A deleted policy: nothing more is scheduled for it. */
    public void remove(UUID policyId) {
        policies.remove(policyId);
    }

    /** Partitions just assigned: they are read from the beginning before anything of them is scheduled. */
    public void loading(Collection<Integer> partitions) {
        ready.removeAll(partitions);
        policies.values().removeIf(policy -> partitions.contains(policy.partition()));
    }

    public void ready(int partition) {
        ready.add(partition);
    }

    /** Partitions taken away (revoked or lost): their policies belong to another instance now. */
    public void drop(Collection<Integer> partitions) {
        ready.removeAll(partitions);
        policies.values().removeIf(policy -> partitions.contains(policy.partition()));
    }

    /** The policies of ready partitions, to be scheduled. */
    public List<OwnedPolicy> schedulable() {
        return policies.values().stream().filter(policy -> ready.contains(policy.partition())).toList();
    }

    /** Whether this instance still schedules the policy. */
    public boolean owns(UUID policyId) {
        OwnedPolicy policy = policies.get(policyId);
        return policy != null && ready.contains(policy.partition());
    }

    public Set<Integer> readyPartitions() {
        return Set.copyOf(ready);
    }

    public int size() {
        return policies.size();
    }
}
