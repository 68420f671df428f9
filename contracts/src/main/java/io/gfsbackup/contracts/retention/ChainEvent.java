package io.gfsbackup.contracts.retention;

import java.time.Instant;

/**
 * A decision of a {@link BackupChain}, in the past tense: what happened to the chain and at which logical
 * instant. Logical instants come from slots, keep periods and the instants passed in, never from when a
 * decision was taken, so a chain that is fed late decides the same instants as the simulation.
 *
 * <p>{@link RestoreStarted} and {@link RestoreEnded} record what a worker reported of a restore of a point: they are
 * history, not decisions, and change no flag, hold or expiry.
 */
public sealed interface ChainEvent permits PointRecorded, FlagUnassigned, PointExpired, RetentionGap, SlotLost,
        PointDeleted, DeletionRefused, LegalHoldPlaced, LegalHoldReleased, RestoreStarted, RestoreEnded, ArchiveDue,
        PointArchived, ArchiveFailed {

    /** The logical instant at which this takes effect. */
    Instant at();
}
