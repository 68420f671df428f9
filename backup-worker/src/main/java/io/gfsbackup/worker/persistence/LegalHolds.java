package io.gfsbackup.worker.persistence;

import java.util.Optional;
import java.util.UUID;

/**
 * The legal holds the retention service records (the hold table beside the ledger), read by the worker before it
 * deletes a backup: a second, independent check that a deletion is legitimate, so that a forged
 * {@code PointExpired} cannot delete a held point.
 */
public interface LegalHolds {

    /** The hold on the point of {@code dueId}, if it is held. */
    Optional<Hold> find(UUID dueId);

    /** A hold as recorded: who placed it, when and why. */
    record Hold(UUID dueId, String placedBy, String placedAt, String reason) {
    }
}
