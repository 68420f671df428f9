package io.gfsbackup.contracts.retention;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A worker started restoring the point's backup to a new table (decision 13): who asked and when, to which table,
 * and which worker started it at {@code at}. It is part of the point's history and changes no flag, hold or expiry:
 * the chain decides a point's expiry whatever restores run (docs/retention.md, "Restores"), and the simulation never
 * makes it. A restore taken over by another worker starts again, with the other {@code startedBy}.
 *
 * @param at        when the worker started it (the message's {@code occurredAt}): the audit shows it from then on
 * @param targetArn the ARN of the table restored to
 * @param test      whether it is a run of the policy's restore test (its target is a scratch table)
 */
public record RestoreStarted(Instant slot, Instant at, UUID restoreId, String backupArn, String targetArn,
                             String requestedBy, Instant requestedAt, boolean test, String startedBy)
        implements ChainEvent {

    public RestoreStarted {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(restoreId, "restoreId");
    }
}
