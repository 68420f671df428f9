package io.gfsbackup.contracts.messages;

import io.gfsbackup.contracts.policy.BackupPolicy;

import java.time.Instant;
import java.util.UUID;

/** A policy was created or changed: the whole policy and its new version, on {@link Topics#POLICIES}. */
public record PolicyUpserted(UUID id, Instant occurredAt, UUID policyId, long version, BackupPolicy policy,
                             String changedBy) implements Message {

    public PolicyUpserted {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(policyId, "policyId");
        Require.present(policy, "policy");
    }

    public static PolicyUpserted of(UUID policyId, long version, BackupPolicy policy, String changedBy,
                                    Instant occurredAt) {
        return new PolicyUpserted(Ids.policyUpsertedId(policyId, version), occurredAt, policyId, version, policy,
                changedBy);
    }
}
