package io.gfsbackup.worker.service;

import java.time.Instant;

/** The start window of a due ended before its backup could be started: retrying stops. */
public class StartWindowEndedException extends RuntimeException {

    public StartWindowEndedException(Instant windowEnd, Throwable lastError) {
        super("the start window ended at " + windowEnd, lastError);
    }
}
