package io.gfsbackup.retention.support;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.retention.api.RecordBackupCreated;

/** Test data: the Veeam guide's policy (UTC; D at 07:00 and 11:00 keep P3D, W Monday 07:00 keep P14D, M keep P6M). */
public final class Chains {

    public static final Map<Tier, Period> VEEAM_KEEP = Map.of(
            Tier.D, Period.ofDays(3), Tier.W, Period.ofDays(14), Tier.M, Period.ofMonths(6), Tier.Y, Period.ofYears(5));

    private Chains() {
    }

    public static RetentionSettings veeam(int keepAtLeast) {
        return new RetentionSettings(ZoneOffset.UTC, VEEAM_KEEP, keepAtLeast);
    }

    public static TableRef table(String name) {
        return new TableRef("us-east-1", "123456789012", name, "arn:aws:dynamodb:us-east-1:123456789012:table/" + name);
    }

    /** A table with a name no other test uses. */
    public static TableRef uniqueTable(String prefix) {
        return table(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public static Instant at(String iso) {
        return Instant.parse(iso);
    }

    public static String backupArn(TableRef table, Instant slot) {
        return table.arn() + "/backup/" + slot.toEpochMilli();
    }

    /** The flags of a Veeam slot: D always; W on Monday 07:00; M on the first Monday of a month at 07:00. */
    public static Set<Tier> veeamFlags(Instant slot) {
        var time = slot.atZone(ZoneOffset.UTC);
        EnumSet<Tier> flags = EnumSet.of(Tier.D);
        if (time.getDayOfWeek() == DayOfWeek.MONDAY && time.toLocalTime().equals(LocalTime.of(7, 0))) {
            flags.add(Tier.W);
            if (time.getDayOfMonth() <= 7) {
                flags.add(Tier.M);
            }
        }
        return Flags.of(flags);
    }

    /** Every Veeam slot (07:00 and 11:00 UTC) from {@code from} to {@code to}, inclusive. */
    public static java.util.List<Instant> veeamSlots(LocalDate from, LocalDate to) {
        java.util.List<Instant> slots = new java.util.ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            slots.add(day.atTime(7, 0).toInstant(ZoneOffset.UTC));
            slots.add(day.atTime(11, 0).toInstant(ZoneOffset.UTC));
        }
        return slots;
    }

    public static RecordBackupCreated created(UUID policyId, TableRef table, Instant slot, Set<Tier> flags,
                                              RetentionSettings settings) {
        return new RecordBackupCreated(Ids.chainId(policyId, table.arn()), policyId, table, slot, flags, settings,
                backupArn(table, slot));
    }
}
