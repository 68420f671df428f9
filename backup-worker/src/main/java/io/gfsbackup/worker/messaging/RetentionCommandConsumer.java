package io.gfsbackup.worker.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.worker.service.BackupDeletion;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Consumes {@code retention-commands}: a {@link PointExpired} deletes its backup (if this system made it) and
 * publishes {@link BackupDeleted}; {@code FlagUnassigned} and {@code RetentionGap} are for auditors and ignored
 * here. A payload that cannot be parsed, or a delete this worker must refuse, goes to
 * {@code retention-commands.dlq} with the error in headers.
 */
@ApplicationScoped
public class RetentionCommandConsumer {

    public static final String RETENTION_COMMANDS = Topics.RETENTION_COMMANDS;

    private final BackupDeletion deletion;
    private final OutcomePublisher publisher;

    RetentionCommandConsumer(BackupDeletion deletion, OutcomePublisher publisher) {
        this.deletion = deletion;
        this.publisher = publisher;
    }

    @Incoming(RETENTION_COMMANDS)
    @Blocking(value = BackupDueConsumer.POOL, ordered = false)
    public void consume(String payload) {
        Message command = Messages.parse(payload);
        if (command instanceof PointExpired expired) {
            BackupDeleted deleted = deletion.handle(expired);
            publisher.publish(expired.table().arn(), deleted);
        }
    }
}
