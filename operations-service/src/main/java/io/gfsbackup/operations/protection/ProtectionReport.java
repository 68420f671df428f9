package io.gfsbackup.operations.protection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/v1/protection}: when it was computed (the service's clock), how many of the tables
 * listed have each status, every account and region read (with the error of one that could not be read), and the
 * tables.
 */
public record ProtectionReport(Instant generatedAt, Map<ProtectionStatus, Long> summary, List<ScopeView> scopes,
                               List<TableProtection> tables) {

    /**
     * An account and region of the inventory: the role it is read through ({@code null}: the services' own
     * credentials), whether its last read succeeded, when the snapshot used was read (wall time), how many tables it
     * lists, and the error of its last read when that failed.
     */
    public record ScopeView(String accountId, String region, String roleArn, ScopeRead.State state, Instant readAt,
                            Integer tables, String error) {
    }
}
