package io.gfsbackup.operations.protection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.gfsbackup.operations.protection.ProtectionReport.ScopeView;

/**
 * The protection of every table at one instant, with what the metrics count per policy and per account and region.
 */
public record Evaluation(Instant now, List<ScopeView> scopes, List<TableProtection> tables,
                         Map<UUID, PolicyStats> policies, Map<AccountRegion, Long> unprotected) {

    public Evaluation {
        scopes = List.copyOf(scopes);
        tables = List.copyOf(tables);
        policies = Map.copyOf(policies);
        unprotected = Map.copyOf(unprotected);
    }

    /** An account and region, as the tables' ARNs name them. */
    public record AccountRegion(String accountId, String region) {
    }

    /**
     * One policy's share: the tables it selects now (0 while it is disabled), those of them at risk for a reason of
     * this policy, those with failed or missed backups since their last success, its open retention gaps (of tables
     * not GONE), its newest success on any table (null when none), its longest gap between slots plus its start
     * window, whether its deletions are paused, and its alive restore points on every table (GONE ones too).
     */
    public record PolicyStats(PolicyRow policy, long tablesSelected, long tablesAtRisk, long tablesFailing,
                              long openGaps, Instant lastSuccess, Duration allowedGap, boolean deletionsPaused,
                              Facts.Points alivePoints) {
    }
}
