package io.gfsbackup.operations.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.BackupFailed;
import io.gfsbackup.contracts.messages.BackupMissed;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.PolicyUpserted;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;

/**
 * A policy of the tests published on the policies topic, and its backups' outcomes on backup-events: twice daily at
 * 07:00 and 11:00 UTC kept 3 days, Monday 07:00 kept 2 weeks, start window 1 h. Its longest gap between slots is
 * 20 h (11:00 to 07:00), so a table it selects may go 21 h without a success.
 */
public final class Policies {

    public final UUID id = UUID.randomUUID();
    public final BackupPolicy policy;
    private final TestKafka kafka;

    private Policies(TestKafka kafka, BackupPolicy policy) {
        this.kafka = kafka;
        this.policy = policy;
    }

    /** A policy selecting {@code tables} by name or glob and the tables carrying every tag of {@code tags}. */
    public static Policies of(TestKafka kafka, String name, boolean enabled, List<String> regions,
                              List<String> tables, Map<String, String> tags) {
        String json = """
                {"name": "%s", "enabled": %s, "timeZone": "UTC",
                 "selection": {"regions": [%s], "tables": [%s], "tags": {%s}},
                 "schedule": {
                   "daily": {"times": ["07:00", "11:00"], "keep": "P3D"},
                   "weekly": {"day": "MON", "time": "07:00", "keep": "P14D"}},
                 "startWindow": "PT1H", "retentionSafety": {"keepAtLeast": 1}}
                """.formatted(name, enabled, quoted(regions), quoted(tables), tags.entrySet().stream()
                .map(tag -> "\"" + tag.getKey() + "\": \"" + tag.getValue() + "\"").collect(Collectors.joining(", ")));
        var read = PolicyJson.read(json);
        if (!read.isValid()) {
            throw new IllegalArgumentException("not a valid policy: " + read.violations());
        }
        return new Policies(kafka, read.value());
    }

    /**
     * A policy selecting {@code tables} by name in us-east-1, with the restore test {@code restoreTest} (the JSON of
     * a policy's {@code restoreTest} block).
     */
    public static Policies withRestoreTest(TestKafka kafka, String name, List<String> tables, String restoreTest) {
        String json = """
                {"name": "%s", "enabled": true, "timeZone": "UTC",
                 "selection": {"regions": ["us-east-1"], "tables": [%s]},
                 "schedule": {
                   "daily": {"times": ["07:00", "11:00"], "keep": "P3D"},
                   "weekly": {"day": "MON", "time": "07:00", "keep": "P14D"}},
                 "startWindow": "PT1H", "retentionSafety": {"keepAtLeast": 1},
                 "restoreTest": %s}
                """.formatted(name, quoted(tables), restoreTest);
        var read = PolicyJson.read(json);
        if (!read.isValid()) {
            throw new IllegalArgumentException("not a valid policy: " + read.violations());
        }
        return new Policies(kafka, read.value());
    }

    /** Publishes the policy as version 1, published 30 days before {@code now}. */
    public Policies publish(Instant now) {
        kafka.publish(PolicyUpserted.of(id, 1, policy, "test", now.minus(Duration.ofDays(30))));
        return this;
    }

    public String name() {
        return policy.name();
    }

    /** The due of {@code table} at {@code slot}, which must be a slot of the policy. */
    public DueSlot due(TableRef table, Instant slot) {
        return Fixtures.due(id, policy, table, slot);
    }

    /** The due of the slot and its backup, completed five minutes after it. */
    public BackupCreated succeeded(TableRef table, Instant slot) {
        DueSlot due = due(table, slot);
        kafka.publish(BackupDue.of(due, slot));
        BackupCreated created = BackupCreated.of(due, table.arn() + "/backup/" + slot.toEpochMilli() + "-"
                + due.dueId().toString().substring(0, 8), table.name() + "-" + slot.toEpochMilli(), 0,
                slot.plusSeconds(300), slot.plusSeconds(300));
        kafka.publish(created);
        return created;
    }

    public void failed(TableRef table, Instant slot, String reason) {
        DueSlot due = due(table, slot);
        kafka.publish(BackupDue.of(due, slot));
        kafka.publish(BackupFailed.of(due, reason, 3, slot.plusSeconds(600)));
    }

    public void missed(TableRef table, Instant slot) {
        DueSlot due = due(table, slot);
        kafka.publish(BackupDue.of(due, slot));
        kafka.publish(BackupMissed.of(due, "the start window ended at " + due.startWindowEnd(),
                due.startWindowEnd()));
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
    }
}
