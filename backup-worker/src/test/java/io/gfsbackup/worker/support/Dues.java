package io.gfsbackup.worker.support;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;

/** Messages as the scheduler and the retention service would send them. */
public final class Dues {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";
    public static final RetentionSettings SEVEN_DAILIES =
            new RetentionSettings(ZoneOffset.UTC, Map.of(Tier.D, Period.ofDays(7), Tier.W, Period.ofDays(28)), 2);

    private Dues() {
    }

    public static TableRef table(String name) {
        return new TableRef(REGION, ACCOUNT, name, "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + name);
    }

    /** A table of {@code accountId} in {@code region}. */
    public static TableRef table(String region, String accountId, String name) {
        return new TableRef(region, accountId, name, "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + name);
    }

    public static BackupDue due(UUID policyId, TableRef table, Instant slot, Duration window) {
        return due(policyId, table, slot, window, null);
    }

    /** A due of a table reached through {@code account} ({@code null}: the services' own account). */
    public static BackupDue due(UUID policyId, TableRef table, Instant slot, Duration window, AwsAccount account) {
        DueSlot due = new DueSlot(Ids.dueId(policyId, table.arn(), slot), policyId, 3, table, slot,
                Set.of(Tier.D, Tier.W), SEVEN_DAILIES, slot.plus(window), Map.of(Tier.W, slot.plus(Duration.ofDays(7))),
                account);
        return BackupDue.of(due, slot);
    }

    public static PointExpired expired(UUID policyId, TableRef table, Instant slot, String backupArn, String name,
                                       Instant at) {
        return new PointExpired(Ids.pointExpiredId(policyId, table.arn(), slot), at, policyId, table, slot, backupArn,
                name, at, "ALL_FLAGS_UNASSIGNED");
    }
}
