package io.gfsbackup.contracts.messages;

import io.gfsbackup.contracts.policy.Tier;

import java.time.Instant;
import java.util.UUID;

/** No restore point of a table carries {@code tier} for {@code [periodStart, periodEnd)} (section 6). */
public record RetentionGap(UUID id, Instant occurredAt, UUID policyId, TableRef table, Tier tier, Instant periodStart,
                           Instant periodEnd) implements Message {

    public RetentionGap {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(policyId, "policyId");
        Require.present(table, "table");
        Require.present(tier, "tier");
        Require.present(periodStart, "periodStart");
        Require.present(periodEnd, "periodEnd");
    }

    /** The message of a chain's decision. */
    public static RetentionGap of(UUID policyId, TableRef table, io.gfsbackup.contracts.retention.RetentionGap event,
                                  Instant occurredAt) {
        return new RetentionGap(Ids.retentionGapId(policyId, table.arn(), event.tier(), event.periodStart()),
                occurredAt, policyId, table, event.tier(), event.periodStart(), event.periodEnd());
    }
}
