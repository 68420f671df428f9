package io.gfsbackup.retention.query;

import java.time.Instant;

/**
 * One event of a chain as the audit API shows it.
 *
 * @param sequence    its position in the chain (the aggregate's sequence number)
 * @param type        the event's name ({@code PointRecorded}, {@code FlagUnassigned}, ...)
 * @param at          its logical instant: the slot, the expiry, the instant of a hold or deletion
 * @param slot        the restore point (or lost slot) it concerns, if any
 * @param description what happened and why, in words
 * @param payload     the event as stored
 */
public record EventView(long sequence, String type, Instant at, Instant slot, String description, Object payload) {
}
