package io.gfsbackup.contracts.messages;

import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One slot of one table under one policy version, as the scheduler emits it and every outcome repeats it: the
 * due id, the slot and its flags, the retention settings of that version (section 4), the end of the start
 * window (section 6) and, for each of W, M, Y among the flags, the tier's next slot: the deadline until which a
 * lost slot's flag is carried forward (section 6). {@code account} is how the table's account is reached: the
 * role the policy names for it, or {@code null} for the services' own account.
 */
public record DueSlot(UUID dueId, UUID policyId, long policyVersion, TableRef table, Instant slot, Set<Tier> flags,
                      RetentionSettings retention, Instant startWindowEnd, Map<Tier, Instant> carryDeadlines,
                      AwsAccount account) {

    public DueSlot {
        Require.present(dueId, "due.dueId");
        Require.present(policyId, "due.policyId");
        Require.present(table, "due.table");
        Require.present(slot, "due.slot");
        flags = Flags.of(Require.present(flags, "due.flags"));
        Require.present(retention, "due.retention");
        Require.present(startWindowEnd, "due.startWindowEnd");
        EnumMap<Tier, Instant> deadlines = new EnumMap<>(Tier.class);
        if (carryDeadlines != null) {
            deadlines.putAll(carryDeadlines);
        }
        carryDeadlines = Collections.unmodifiableMap(deadlines);
        if (account != null && table.accountId() != null && !table.accountId().equals(account.accountId())) {
            throw new IllegalArgumentException("due.account: account " + account.accountId()
                    + " is not the account of table " + table.arn());
        }
    }

    /** A due of a table in the services' own account. */
    public DueSlot(UUID dueId, UUID policyId, long policyVersion, TableRef table, Instant slot, Set<Tier> flags,
                   RetentionSettings retention, Instant startWindowEnd, Map<Tier, Instant> carryDeadlines) {
        this(dueId, policyId, policyVersion, table, slot, flags, retention, startWindowEnd, carryDeadlines, null);
    }

    /** The due slot of {@code slot} for {@code table} under version {@code policyVersion} of {@code policy}. */
    public static DueSlot of(UUID policyId, long policyVersion, BackupPolicy policy, TableRef table, Slot slot) {
        return of(policyId, policyVersion, policy, table, null, slot);
    }

    /** The same, for a table of {@code account} ({@code null}: the services' own account). */
    public static DueSlot of(UUID policyId, long policyVersion, BackupPolicy policy, TableRef table,
                             AwsAccount account, Slot slot) {
        EnumMap<Tier, Instant> deadlines = new EnumMap<>(Tier.class);
        for (Tier tier : slot.flags()) {
            if (tier.isCarriedForward()) {
                HarmonizedSchedule.nextSlotOfTier(policy, tier, slot.at())
                        .ifPresent(deadline -> deadlines.put(tier, deadline));
            }
        }
        return new DueSlot(Ids.dueId(policyId, table.arn(), slot.at()), policyId, policyVersion, table, slot.at(),
                slot.flags(), RetentionSettings.of(policy), slot.at().plus(policy.startWindow()), deadlines, account);
    }
}
