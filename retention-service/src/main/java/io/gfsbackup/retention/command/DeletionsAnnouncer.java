package io.gfsbackup.retention.command;

import io.gfsbackup.contracts.messages.DeletionsPaused;
import io.gfsbackup.contracts.messages.DeletionsResumed;

/**
 * Tells operators that a policy's deletions paused or resumed (on {@code retention-events}, keyed by policy id);
 * implemented by messaging.
 */
public interface DeletionsAnnouncer {

    /**
     * Publishes {@code paused} and returns once the broker has it.
     *
     * @throws RuntimeException when it could not be published; the clock guard tries again on its next pass
     */
    void announce(DeletionsPaused paused);

    /**
     * Publishes {@code resumed} and returns once the broker has it.
     *
     * @throws RuntimeException when it could not be published; the clock guard tries again on its next pass
     */
    void announce(DeletionsResumed resumed);
}
