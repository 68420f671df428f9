package io.gfsbackup.operations.restore;

import java.time.Instant;
import java.util.UUID;

import io.gfsbackup.contracts.messages.RestoreOptions;

/**
 * A restore as asked for over REST, valid in itself: the point (by {@code chainId} and {@code slot}, or by
 * {@code backupArn}), the new table's name, its account and region ({@code null}: the point's) and the options.
 * Whether the point exists and is alive, and whether the name is free, is checked against the projection and AWS
 * ({@link Restores}).
 */
public record RestoreDraft(UUID chainId, Instant slot, String backupArn, String targetTableName,
                           String targetAccountId, String targetRegion, RestoreOptions options) {
}
