package io.gfsbackup.retention.query;

import java.time.Instant;
import java.util.UUID;

/**
 * Whether the retention service expires the points of a policy, and about its last pause: why (cause and reason),
 * when (wall time, and the retention clock's instant then) and who resumed it. Every field after {@code paused} is
 * {@code null} for a policy whose deletions never paused.
 *
 * @param cause {@code CLOCK_LEAD} (the clock ran ahead of wall time) or {@code EXPIRY_BUDGET} (one pass would have
 *              expired more points than the policy's schedule explains)
 */
public record DeletionsView(UUID policyId, boolean paused, String cause, String reason, Instant pausedAt,
                            Instant clockAt, Instant resumedAt, String resumedBy) {
}
