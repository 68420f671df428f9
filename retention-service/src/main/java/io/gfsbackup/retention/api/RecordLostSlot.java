package io.gfsbackup.retention.api;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;

/** Record a slot that was missed or whose backup finally failed (from {@code BackupMissed} / {@code BackupFailed}). */
public record RecordLostSlot(@TargetAggregateIdentifier UUID chainId, UUID policyId, TableRef table, Instant slot,
                             Set<Tier> flags, Map<Tier, Instant> carryDeadlines)
        implements BackupEventCommand {
}
