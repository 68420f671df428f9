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
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;

/** backup-events messages as the worker and the scheduler write them. */
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
}
