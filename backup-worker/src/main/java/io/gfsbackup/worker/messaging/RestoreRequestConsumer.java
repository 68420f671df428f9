package io.gfsbackup.worker.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.RestoreRequested;
import io.gfsbackup.contracts.messages.ScratchTableExpired;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.worker.service.BackupRestore;
import io.gfsbackup.worker.service.InvalidMessageException;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumes {@code restore-requests} from the operations service on the {@value #POOL} worker pool, its own (a
 * restore may wait hours for its table; it never takes a thread of the backups). A {@link RestoreRequested} runs a
 * restore and publishes its {@code RestoreEnded}; a {@link ScratchTableExpired} drops a kept scratch table and
 * publishes {@code ScratchTableDropped}; both on {@code backup-events}, keyed by the source table's ARN, and the
 * offset is committed after. Any other message type has no business here and, like a payload that cannot be parsed
 * or a request the worker refuses, is tried three times and goes to {@code restore-requests.dlq}; a transient
 * failure is retried until it passes ({@link MessageRetry}).
 */
@ApplicationScoped
public class RestoreRequestConsumer {

    public static final String RESTORE_REQUESTS = Topics.RESTORE_REQUESTS;
    /** The restores' own worker pool ({@code smallrye.messaging.worker.restores.max-concurrency}). */
    public static final String POOL = "restores";

    private final BackupRestore restore;
    private final OutcomePublisher publisher;
    private final MessageRetry retry;

    RestoreRequestConsumer(BackupRestore restore, OutcomePublisher publisher, MessageRetry retry) {
        this.restore = restore;
        this.publisher = publisher;
        this.retry = retry;
        restore.onStart(started -> publisher.publish(started.source().table().arn(), started));
        restore.onProgress(progressed -> publisher.publish(progressed.source().table().arn(), progressed));
    }

    @Incoming(RESTORE_REQUESTS)
    @Blocking(value = POOL, ordered = false)
    public void consume(String payload) throws Exception {
        retry.run("restore-requests", () -> {
            Message message = Messages.parse(payload);
            if (message instanceof RestoreRequested request) {
                publisher.publish(request.source().table().arn(), restore.handle(request));
            } else if (message instanceof ScratchTableExpired expired) {
                publisher.publish(expired.source().table().arn(), restore.drop(expired));
            } else {
                throw new InvalidMessageException(message.type() + " is not a message of " + RESTORE_REQUESTS
                        + " (RestoreRequested or ScratchTableExpired)");
            }
        });
    }
}
