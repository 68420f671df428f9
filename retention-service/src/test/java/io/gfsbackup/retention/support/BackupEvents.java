package io.gfsbackup.retention.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupMissed;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.RestoreOptions;
import io.gfsbackup.contracts.messages.RestoreRequested;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;

/** backup-events messages as the worker and the scheduler write them (and the operations service's restore requests). */
public final class BackupEvents {

    private BackupEvents() {
    }

    public static DueSlot due(UUID policyId, TableRef table, Instant slot, Set<Tier> flags, RetentionSettings settings,
                              Map<Tier, Instant> carryDeadlines) {
        return new DueSlot(Ids.dueId(policyId, table.arn(), slot), policyId, 1, table, slot, flags, settings,
                slot.plus(Duration.ofHours(1)), carryDeadlines);
    }

    public static BackupCreated created(UUID policyId, TableRef table, Instant slot, Set<Tier> flags,
                                        RetentionSettings settings) {
        DueSlot due = due(policyId, table, slot, flags, settings, Map.of());
        return BackupCreated.of(due, Chains.backupArn(table, slot), Ids.backupName(table.name(), slot, policyId),
                1024, slot.plusSeconds(60), slot.plusSeconds(61));
    }

    public static BackupMissed missed(UUID policyId, TableRef table, Instant slot, Set<Tier> flags,
                                      RetentionSettings settings, Map<Tier, Instant> carryDeadlines) {
        return BackupMissed.of(due(policyId, table, slot, flags, settings, carryDeadlines), "scheduler was down",
                slot.plus(Duration.ofHours(1)));
    }

    /** A request to restore the point of {@code slot} to {@code target}, by {@code requestedBy} at {@code at}. */
    public static RestoreRequested restoreRequested(UUID policyId, TableRef table, Instant slot, String target,
                                                    String requestedBy, Instant at) {
        return RestoreRequested.of(UUID.randomUUID(), new RestoreSource(policyId, table, slot,
                        Chains.backupArn(table, slot)), Chains.table(target), RestoreOptions.NONE, requestedBy, at,
                null);
    }
}
