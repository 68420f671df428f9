package io.gfsbackup.worker.persistence;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;
import io.gfsbackup.contracts.schedule.Flags;

/**
 * What the worker keeps of a due when it claims it, to judge a later deletion of its backup on its own: the policy
 * version that created the point, the point's flags and the retention settings of that version
 * (retention-semantics, section 4: they stay with the point whatever happens to the policy later); and how the
 * table's account was reached ({@code account}: the role and external id the due named, {@code null} for the
 * services' own account), so that the backup is deleted in the account it was made in. With them, what a lost slot
 * needs to be recorded in a chain again (retention-semantics section 6): the end of its start window and, per flag it
 * carries, the deadline of its carry ({@code startWindowEnd} null and {@code carryDeadlines} empty for entries
 * written before they were kept).
 */
public record DueTerms(long policyVersion, Set<Tier> flags, RetentionSettings retention, AwsAccount account,
                       Instant startWindowEnd, Map<Tier, Instant> carryDeadlines) {

    public DueTerms {
        flags = Flags.of(Objects.requireNonNull(flags, "flags"));
        Objects.requireNonNull(retention, "retention");
        carryDeadlines = carryDeadlines == null || carryDeadlines.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(carryDeadlines));
    }

    public static DueTerms of(DueSlot due) {
        return new DueTerms(due.policyVersion(), due.flags(), due.retention(), due.account(), due.startWindowEnd(),
                due.carryDeadlines());
    }

    /**
     * The earliest instant at which the point of {@code slot} can be expired under these terms: when the last of
     * its own flags is unassigned. Nothing the rules do brings it earlier: a flag carried forward to the point, a
     * keepAtLeast or a legal hold only keep it longer.
     */
    public Instant earliestExpiry(Instant slot) {
        Instant earliest = slot;
        for (Tier flag : flags) {
            if (retention.covers(flag)) {
                Instant expiry = retention.expiryOf(slot, flag);
                if (expiry.isAfter(earliest)) {
                    earliest = expiry;
                }
            }
        }
        return earliest;
    }
}
