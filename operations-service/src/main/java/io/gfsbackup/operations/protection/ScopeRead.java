package io.gfsbackup.operations.protection;

import java.time.Instant;

import io.gfsbackup.aws.TableInventory.Scope;
import io.gfsbackup.aws.TableInventory.Snapshot;

/**
 * An account and region as a report sees it: the snapshot of its tables held (null when it was never read) and the
 * error of its last read when that read failed.
 */
public record ScopeRead(Scope scope, Snapshot snapshot, String error, Instant errorAt) {

    /**
     * {@code READ}: the last read succeeded; {@code STALE}: the last read failed, an earlier snapshot is used;
     * {@code UNREAD}: no read has succeeded yet (with the error when one failed).
     */
    public enum State { READ, STALE, UNREAD }

    public State state() {
        if (snapshot == null) {
            return State.UNREAD;
        }
        return error != null && errorAt != null && errorAt.isAfter(snapshot.readAt()) ? State.STALE : State.READ;
    }
}
