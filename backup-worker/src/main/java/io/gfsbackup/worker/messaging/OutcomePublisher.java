package io.gfsbackup.worker.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes outcomes to {@code backup-events}, keyed by table ARN, and returns only once the broker has
 * acknowledged them: the consumer that called it commits its input after that (at-least-once).
 */
@ApplicationScoped
public class OutcomePublisher {

    public static final String BACKUP_EVENTS = Topics.BACKUP_EVENTS;

    @Inject
    @Channel(BACKUP_EVENTS)
    MutinyEmitter<String> events;

    public void publish(String tableArn, Message outcome) {
        events.sendMessageAndAwait(org.eclipse.microprofile.reactive.messaging.Message.of(Messages.toJson(outcome))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(tableArn).build()));
    }
}
