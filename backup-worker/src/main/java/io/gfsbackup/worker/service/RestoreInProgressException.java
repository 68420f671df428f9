package io.gfsbackup.worker.service;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A deletion met a restore of its point in progress (a live restore lease on the point's ledger entry): it is
 * deferred, a transient condition that the consumer retries with backoff until the restore ends or its lease runs
 * out. It uses none of the deletion's retry time and is never dead-lettered.
 */
public class RestoreInProgressException extends RuntimeException {

    public RestoreInProgressException(String backupArn, Map<UUID, Instant> restores) {
        super("the deletion of " + backupArn + " waits for the restore(s) in progress of it: " + restores
                + " (restore id to lease end)", null, false, false);
    }
}
