package io.gfsbackup.contracts.schedule;

import io.gfsbackup.contracts.policy.Tier;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One instant at which the creating tier takes a restore point of each selected table, with the flags of every
 * tier whose rule matches it (retention-semantics, section 3). Flags iterate in the order D, W, M, Y.
 */
public record Slot(Instant at, Set<Tier> flags) implements Comparable<Slot> {

    public Slot {
        Objects.requireNonNull(at, "at");
        flags = Flags.of(flags);
    }

    public boolean has(Tier tier) {
        return flags.contains(tier);
    }

    @Override
    public int compareTo(Slot other) {
        return at.compareTo(other.at);
    }
}
