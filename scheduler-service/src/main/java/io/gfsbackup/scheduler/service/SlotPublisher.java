package io.gfsbackup.scheduler.service;

import java.util.List;

import io.gfsbackup.contracts.messages.Message;

/**
 * Where the messages of a slot go: all of a batch are acknowledged, or the batch counts as not sent and its cursor
 * does not move. The Kafka producer of {@code messaging} implements it.
 */
public interface SlotPublisher {

    /** A keyed message to send. */
    record Keyed(String key, Message message) {
    }

    /** Sends every message to {@code topic} and returns once all are acknowledged; throws if any is not. */
    void sendAll(String topic, List<Keyed> messages) throws SendFailedException;

    /** Some message of a batch was not acknowledged: the batch counts as not sent. */
    class SendFailedException extends Exception {
        public SendFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
