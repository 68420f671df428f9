package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * The retention service stopped expiring the points of a policy because it does not trust the time (its clock ran
 * ahead of wall time) or because one pass would have expired far more points than the policy's rules allow for the
 * time that passed. Nothing of the policy is deleted until an admin resumes it. For operators; the worker ignores it.
 *
 * @param occurredAt when deletions paused, by wall time (the retention database's clock)
 * @param cause      {@code CLOCK_LEAD} or {@code EXPIRY_BUDGET}
 * @param reason     what was measured, in one sentence
 * @param clockAt    the retention clock's instant when it paused
 */
public record DeletionsPaused(UUID id, Instant occurredAt, UUID policyId, String cause, String reason,
                              Instant clockAt) implements Message {

    public DeletionsPaused {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(policyId, "policyId");
        Require.present(cause, "cause");
        Require.present(reason, "reason");
        Require.present(clockAt, "clockAt");
    }

    public static DeletionsPaused of(UUID policyId, String cause, String reason, Instant clockAt, Instant occurredAt) {
        return new DeletionsPaused(Ids.deletionsPausedId(policyId, occurredAt), occurredAt, policyId, cause, reason,
                clockAt);
    }
}
