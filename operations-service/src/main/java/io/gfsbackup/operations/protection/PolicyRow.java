package io.gfsbackup.operations.protection;

import java.time.Instant;
import java.util.UUID;

import io.gfsbackup.contracts.policy.BackupPolicy;

/**
 * The latest version of a policy as the projection holds it; {@code updatedAt} is when that version was published.
 */
public record PolicyRow(UUID id, long version, String name, boolean enabled, BackupPolicy policy, Instant updatedAt) {
}
