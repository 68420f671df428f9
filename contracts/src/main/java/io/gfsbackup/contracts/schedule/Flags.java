package io.gfsbackup.contracts.schedule;

import io.gfsbackup.contracts.policy.Tier;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Immutable sets of tiers, iterating in the order D, W, M, Y. There are only sixteen, so they are shared
 * rather than allocated per slot.
 */
public final class Flags {

    private static final Tier[] TIERS = Tier.values();
    @SuppressWarnings("unchecked")
    private static final Set<Tier>[] SETS = new Set[1 << TIERS.length];

    static {
        for (int bits = 0; bits < SETS.length; bits++) {
            EnumSet<Tier> set = EnumSet.noneOf(Tier.class);
            for (Tier tier : TIERS) {
                if ((bits & bit(tier)) != 0) {
                    set.add(tier);
                }
            }
            SETS[bits] = Collections.unmodifiableSet(set);
        }
    }

    private Flags() {
    }

    /** The immutable set with the same tiers as {@code tiers}. */
    public static Set<Tier> of(Collection<Tier> tiers) {
        int bits = 0;
        for (Tier tier : tiers) {
            bits |= bit(tier);
        }
        return SETS[bits];
    }

    /** The immutable set of {@code tiers}. */
    public static Set<Tier> of(Tier... tiers) {
        return of(java.util.Arrays.asList(tiers));
    }

    static Set<Tier> ofBits(int bits) {
        return SETS[bits];
    }

    static int bit(Tier tier) {
        return 1 << tier.ordinal();
    }
}
