package io.gfsbackup.worker.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.gfsbackup.contracts.messages.ArchiveRequested;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.worker.service.BackupDeletion;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumes {@code retention-events}: a {@link PointExpired} deletes its backup (if this system made it) and
 * publishes {@link BackupDeleted}; an {@link ArchiveRequested} goes to {@link ArchiveRequests}, which copies the point
 * to the archive on a pool of its own; {@code FlagUnassigned} and {@code RetentionGap} (for auditors) and
 * {@code DeletionsPaused} and {@code DeletionsResumed} (for operators) are ignored here. A transient failure is
 * retried until it passes ({@link MessageRetry}); a payload that cannot be parsed, or a delete this worker must
 * refuse, is tried three times and then goes to {@code retention-events.dlq} with the error in headers.
 */
@ApplicationScoped
public class RetentionEventConsumer {

    public static final String RETENTION_EVENTS = Topics.RETENTION_EVENTS;
    /** The deletions' own worker pool: a delete never takes a thread that a slot's creates need. */
    public static final String POOL = "backup-deletes";

    private final BackupDeletion deletion;
    private final OutcomePublisher publisher;
    private final MessageRetry retry;
    private final ArchiveRequests archives;

    RetentionEventConsumer(BackupDeletion deletion, OutcomePublisher publisher, MessageRetry retry,
                           ArchiveRequests archives) {
        this.deletion = deletion;
        this.archives = archives;
        this.publisher = publisher;
        this.retry = retry;
    }

    @Incoming(RETENTION_EVENTS)
    @Blocking(value = POOL, ordered = false)
    public void consume(String payload) throws Exception {
        retry.run("retention-events", () -> {
            Message event = Messages.parse(payload);
            if (event instanceof PointExpired expired) {
                BackupDeleted deleted = deletion.handle(expired);
                publisher.publish(expired.table().arn(), deleted);
            } else if (event instanceof ArchiveRequested requested) {
                archives.submit(requested);
            }
        });
    }
}
