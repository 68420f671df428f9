package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * An admin resumed the deletions of a policy that the clock guard had paused ({@link DeletionsPaused}): the
 * expiries held back happen on the retention service's next pass. For operators; the worker ignores it.
 *
 * @param occurredAt when deletions resumed, by wall time (the retention database's clock)
 * @param resumedBy  the admin's principal
 */
public record DeletionsResumed(UUID id, Instant occurredAt, UUID policyId, String resumedBy) implements Message {

    public DeletionsResumed {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(policyId, "policyId");
        Require.present(resumedBy, "resumedBy");
    }

    public static DeletionsResumed of(UUID policyId, String resumedBy, Instant occurredAt) {
        return new DeletionsResumed(Ids.nameBased("deletions-resumed", policyId, occurredAt), occurredAt, policyId,
                resumedBy);
    }
}
