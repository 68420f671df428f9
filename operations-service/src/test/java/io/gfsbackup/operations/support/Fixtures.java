package io.gfsbackup.operations.support;

import java.time.Instant;
import java.util.UUID;

import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;

/** Policies, tables and dues for the tests, built with the contracts' own rules. */
public final class Fixtures {

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";

    private Fixtures() {
    }

    /** Twice daily at 07:00 and 11:00 UTC kept 3 days, Monday 07:00 kept 2 weeks; selects {@code tables} by name. */
    public static BackupPolicy policy(String name, String... tables) {
        String list = String.join("\", \"", tables);
        return PolicyJson.read("""
                {"name": "%s", "enabled": true, "timeZone": "UTC",
                 "selection": {"region": "us-east-1", "tables": ["%s"]},
                 "schedule": {
                   "daily": {"times": ["07:00", "11:00"], "days": ["MON","TUE","WED","THU","FRI","SAT","SUN"], "keep": "P3D"},
                   "weekly": {"day": "MON", "time": "07:00", "keep": "P14D"}},
                 "startWindow": "PT1H", "retentionSafety": {"keepAtLeast": 1}}
                """.formatted(name, list)).value();
    }

    public static TableRef table(String name) {
        return TableRef.fromArn("arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + name);
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The due of {@code table} at {@code slot}, which must be a slot of {@code policy}. */
    public static DueSlot due(UUID policyId, BackupPolicy policy, TableRef table, Instant slot) {
        Slot found = HarmonizedSchedule.slots(policy, slot, slot.plusSeconds(1)).stream()
                .filter(candidate -> candidate.at().equals(slot)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(slot + " is not a slot of " + policy.name()));
        return DueSlot.of(policyId, 1, policy, table, found);
    }
}
