package io.gfsbackup.policy.service;

import java.time.Instant;
import java.util.UUID;

import io.gfsbackup.contracts.policy.BackupPolicy;

/** A policy as stored: its id, current version and who last changed it. */
public record StoredPolicy(UUID id, long version, BackupPolicy policy, Instant createdAt, String createdBy,
                           Instant updatedAt, String updatedBy) {
}
