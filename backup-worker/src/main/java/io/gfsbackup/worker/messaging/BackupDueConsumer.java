package io.gfsbackup.worker.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.worker.service.BackupCreation;
import io.gfsbackup.worker.service.FollowUpException;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumes {@code backup-due}. Each due runs on the {@value #POOL} worker pool, its own (deletions have theirs, so
 * they never take a create's thread) (several tables at once, one at a
 * time per table); its offset is committed once its outcome is on {@code backup-events}. A transient failure is
 * retried until it passes ({@link MessageRetry}); a payload that is not a valid {@link BackupDue} is tried three
 * times, and then the connector sends it to {@code backup-due.dlq} with the error in headers. A due whose backup is
 * still CREATING when the wait ends is sent back to {@code backup-due} ({@link FollowUpException}) and committed:
 * the ledger holds the backup's ARN, and the next pass follows it.
 */
@ApplicationScoped
public class BackupDueConsumer {

    public static final String BACKUP_DUE = Topics.BACKUP_DUE;
    public static final String POOL = "backup-creates";

    private final BackupCreation creation;
    private final OutcomePublisher publisher;
    private final MessageRetry retry;

    BackupDueConsumer(BackupCreation creation, OutcomePublisher publisher, MessageRetry retry) {
        this.creation = creation;
        this.publisher = publisher;
        creation.onStart(started -> publisher.publish(started.due().table().arn(), started));
        this.retry = retry;
    }

    @Incoming(BACKUP_DUE)
    @Blocking(value = POOL, ordered = false)
    public void consume(String payload) throws Exception {
        retry.run("backup-due", () -> {
            BackupDue due = Messages.fromJson(payload, BackupDue.class);
            String key = due.due().table().arn();
            try {
                publisher.publish(key, creation.handle(due));
            } catch (FollowUpException stillCreating) {
                publisher.followUp(key, payload);
            }
        });
    }
}
