package io.gfsbackup.worker.service;

import java.time.Duration;
import java.util.UUID;

/**
 * A due's backup exists but is still CREATING: the pass ends without an outcome, and the consumer sends the due back
 * to {@code backup-due} so that a later pass follows the backup (from its CREATING ledger entry) until it is
 * AVAILABLE. Not a failure: nothing is retried in place or dead-lettered.
 */
public class FollowUpException extends RuntimeException {

    private final UUID dueId;

    public FollowUpException(UUID dueId, String backupArn, Duration waited) {
        super("backup " + backupArn + " of due " + dueId + " is still CREATING after " + waited
                + "; the due is followed up", null, false, false);
        this.dueId = dueId;
    }

    public UUID dueId() {
        return dueId;
    }
}
