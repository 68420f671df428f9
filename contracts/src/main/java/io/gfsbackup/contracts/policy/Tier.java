package io.gfsbackup.contracts.policy;

/**
 * The four schedule tiers of harmonized scheduling (retention-semantics, section 2), declared in order of
 * frequency: {@code D} (daily) is the most frequent, {@code Y} (yearly) the least. A restore point carries a
 * flag per tier whose rule matched its slot; the declaration order is the order flags are listed and
 * unassigned in.
 */
public enum Tier {
    D, W, M, Y;

    /** Whether a missed slot's flag of this tier is carried forward to the next point (section 6): W, M and Y. */
    public boolean isCarriedForward() {
        return this != D;
    }
}
