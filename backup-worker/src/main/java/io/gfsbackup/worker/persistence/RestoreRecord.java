package io.gfsbackup.worker.persistence;

import java.time.Instant;
import java.util.UUID;

/**
 * A restore in the worker's records (the ledger table, keyed {@code restore-<restoreId>}), so that a restore is
 * made once however often its request is delivered, and a stale one is taken over. {@code owner} and
 * {@code leaseUntil} belong to a claim. {@code called} is set before the first RestoreTableFromBackup call, so that
 * a worker taking the restore over knows that a target table found existing may be this restore's own;
 * {@code made} says that this restore made {@code targetArn} (only such a scratch table is ever dropped).
 * {@code endedMessage} is the RestoreEnded as published (JSON), so that a redelivered request re-publishes exactly it;
 * {@code droppedAt} and {@code dropAlreadyGone} record the drop of a scratch table.
 */
public record RestoreRecord(UUID restoreId, RestoreState state, UUID sourceDueId, String targetArn, String owner,
                            Instant leaseUntil, boolean called, boolean made, Instant startedAt, String endedMessage,
                            Instant droppedAt, boolean dropAlreadyGone) {

    public static RestoreRecord claimed(UUID restoreId, UUID sourceDueId, String targetArn, String owner,
                                        Instant leaseUntil) {
        return new RestoreRecord(restoreId, RestoreState.CLAIMED, sourceDueId, targetArn, owner, leaseUntil, false,
                false, null, null, null, false);
    }

    /** Whether the restore has its outcome. */
    public boolean hasEnded() {
        return state == RestoreState.COMPLETED || state == RestoreState.FAILED;
    }
}
