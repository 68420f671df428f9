package io.gfsbackup.policy.service;

import java.time.Instant;
import java.util.UUID;

import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.policy.persistence.PolicyVersionEntity.Change;

/** One version in a policy's history. */
public record PolicyVersion(UUID policyId, long version, Change change, String changedBy, Instant changedAt,
                            BackupPolicy policy) {
}
