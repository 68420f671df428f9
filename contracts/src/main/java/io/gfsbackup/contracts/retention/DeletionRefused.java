package io.gfsbackup.contracts.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * The backup of a point this chain never expired was reported deleted (or found gone) at {@code at}. Nothing the
 * chain decided asked for it, so the report cannot be confirmed: the point stays in the chain and keeps its flags,
 * hold and expiry; this event only records the report for the audit. When the point expires later, its deletion
 * is recorded as usual ({@link PointDeleted}).
 *
 * @param backupArn   the backup the report names
 * @param alreadyGone whether the report says the backup was already gone (rather than deleted by the reporter)
 */
public record DeletionRefused(Instant slot, Instant at, String backupArn, boolean alreadyGone) implements ChainEvent {

    public DeletionRefused {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(at, "at");
    }
}
