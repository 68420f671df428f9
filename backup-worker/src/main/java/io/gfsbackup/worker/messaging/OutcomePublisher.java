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
 * Publishes outcomes to {@code backup-events}, and dues to follow up back to {@code backup-due}, keyed by table ARN,
 * and returns only once the broker has acknowledged them: the consumer that called it commits its input after that
 * (at-least-once).
 */
@ApplicationScoped
public class OutcomePublisher {

    public static final String BACKUP_EVENTS = Topics.BACKUP_EVENTS;
    /** The outgoing channel of dues handed back to {@code backup-due} (a backup still CREATING). */
    public static final String FOLLOW_UPS = "backup-due-follow-ups";

    @Inject
    @Channel(BACKUP_EVENTS)
    MutinyEmitter<String> events;

    @Inject
    @Channel(FOLLOW_UPS)
    MutinyEmitter<String> followUps;

    public void publish(String tableArn, Message outcome) {
        send(events, tableArn, Messages.toJson(outcome));
    }

    /** Sends a due back to {@code backup-due}, unchanged, to be handled again later. */
    public void followUp(String tableArn, String duePayload) {
        send(followUps, tableArn, duePayload);
    }

    private static void send(MutinyEmitter<String> emitter, String key, String payload) {
        emitter.sendMessageAndAwait(org.eclipse.microprofile.reactive.messaging.Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
