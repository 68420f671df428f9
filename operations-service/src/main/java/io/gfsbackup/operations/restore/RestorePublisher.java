package io.gfsbackup.operations.restore;

import java.time.Duration;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.RestoreRequested;
import io.gfsbackup.contracts.messages.ScratchTableExpired;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.messaging.KafkaSender;
import io.gfsbackup.messaging.KafkaClientSettings;

/**
 * Publishes to {@code restore-requests} (decision 13): {@link RestoreRequested} and {@link ScratchTableExpired},
 * keyed by the source table's ARN, so that the requests of one table reach the worker in order. A send returns once
 * every in-sync replica has the record ({@code acks=all}); one that is not acknowledged within {@code ack-timeout}
 * throws, and the caller answers or retries.
 */
@ApplicationScoped
public class RestorePublisher {

    @Inject
    KafkaClientSettings kafka;

    @ConfigProperty(name = "gfs.operations.restores.ack-timeout", defaultValue = "PT10S")
    Duration ackTimeout;

    private KafkaSender sender;

    public void publish(RestoreRequested request) throws KafkaSender.SendFailedException {
        sender().send(new ProducerRecord<>(Topics.RESTORE_REQUESTS, request.source().table().arn(),
                Messages.toJson(request)));
    }

    public void publish(ScratchTableExpired expired) throws KafkaSender.SendFailedException {
        sender().send(new ProducerRecord<>(Topics.RESTORE_REQUESTS, expired.source().table().arn(),
                Messages.toJson(expired)));
    }

    private synchronized KafkaSender sender() {
        if (sender == null) {
            sender = new KafkaSender(kafka, "operations-restore-requests", ackTimeout);
        }
        return sender;
    }

    @PreDestroy
    synchronized void close() {
        if (sender != null) {
            sender.close();
            sender = null;
        }
    }
}
