package io.gfsbackup.contracts.policy;

/**
 * The safety rail of section 5: retention never expires any of the {@code keepAtLeast} newest restore points
 * (by slot) of a table under a policy. {@code 0} gives the bare harmonized-retention behaviour.
 */
public record RetentionSafety(int keepAtLeast) {

    /** The default of section 1: keep at least the newest point. */
    public static final RetentionSafety DEFAULT = new RetentionSafety(1);
}
