package io.gfsbackup.operations.protection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One table of the protection report.
 *
 * @param policies            the enabled policies whose selection selects it
 * @param lastSuccess         its newest completed backup (any policy), null when none is known
 * @param alivePoints         its restore points not deleted, per flag still carried ({@code D}, {@code W}, {@code M},
 *                            {@code Y}; a point with several flags counts under each) and {@code unflagged} (no flag
 *                            left, its deletion pending)
 * @param nextSlot            the earliest next slot of its policies, null when none selects it
 * @param pointInTimeRecovery {@code ENABLED}, {@code DISABLED}, or {@code UNKNOWN} when it could not be read (yet)
 * @param inInventory         whether an inventory read lists it (false: GONE, or known only from its jobs and points
 *                            because its account and region could not be read)
 */
public record TableProtection(String accountId, String region, String tableName, String tableArn,
                              ProtectionStatus status, List<String> statusReasons, List<PolicyRef> policies,
                              LastSuccess lastSuccess, Map<String, Long> alivePoints, Instant nextSlot,
                              String pointInTimeRecovery, boolean inInventory) {

    public TableProtection {
        statusReasons = List.copyOf(statusReasons);
        policies = List.copyOf(policies);
    }

    /** A policy by id, name and the version the report used. */
    public record PolicyRef(UUID id, String name, long version) {
    }

    /** When the newest completed backup ended, how long ago (by the service's clock), its slot and policy. */
    public record LastSuccess(Instant at, long ageSeconds, Instant slot, UUID policyId) {
    }
}
