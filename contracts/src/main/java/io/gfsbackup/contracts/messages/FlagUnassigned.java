package io.gfsbackup.contracts.messages;

import io.gfsbackup.contracts.policy.Tier;

import java.time.Instant;
import java.util.UUID;

/** A flag was unassigned from the point of {@code slot} at {@code at} (section 4); for audit. */
public record FlagUnassigned(UUID id, Instant occurredAt, UUID policyId, TableRef table, Instant slot, Tier flag,
                             Instant at, String reason) implements Message {

    public FlagUnassigned {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(policyId, "policyId");
        Require.present(table, "table");
        Require.present(slot, "slot");
        Require.present(flag, "flag");
        Require.present(at, "at");
        Require.present(reason, "reason");
    }

    /** The message of a chain's decision. */
    public static FlagUnassigned of(UUID policyId, TableRef table, io.gfsbackup.contracts.retention.FlagUnassigned event,
                                    Instant occurredAt) {
        return new FlagUnassigned(Ids.flagUnassignedId(policyId, table.arn(), event.slot(), event.flag()), occurredAt,
                policyId, table, event.slot(), event.flag(), event.at(), event.reason().name());
    }
}
