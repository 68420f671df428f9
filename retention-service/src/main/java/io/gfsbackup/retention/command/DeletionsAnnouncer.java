package io.gfsbackup.retention.command;

import io.gfsbackup.contracts.messages.DeletionsPaused;

/** Tells operators that a policy's deletions paused (on {@code retention-events}); implemented by messaging. */
public interface DeletionsAnnouncer {

    /**
     * Publishes {@code paused} and returns once the broker has it.
     *
     * @throws RuntimeException when it could not be published; the clock guard tries again on its next pass
     */
    void announce(DeletionsPaused paused);
}
