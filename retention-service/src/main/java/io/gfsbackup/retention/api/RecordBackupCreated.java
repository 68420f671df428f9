package io.gfsbackup.retention.api;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;

/** Record the restore point of a slot whose backup is AVAILABLE (from {@code BackupCreated}). */
public record RecordBackupCreated(@TargetAggregateIdentifier UUID chainId, UUID policyId, TableRef table,
                                  Instant slot, Set<Tier> flags, RetentionSettings retention, String backupArn)
        implements BackupEventCommand {
}
