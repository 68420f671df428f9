package io.gfsbackup.scheduler.messaging;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.gfsbackup.messaging.KafkaSender;
import io.gfsbackup.scheduler.service.SlotPublisher;

/**
 * Sends the scheduler's messages, keyed by table ARN, through the shared {@link KafkaSender}, and returns only once
 * Kafka has acknowledged every one of a batch: only then may a cursor move. The messages are written in chunks as
 * they are sent ({@link DueRenderer}), so that the producer's network thread sends while the next chunk is written.
 */
public class EventPublisher implements SlotPublisher {

    private static final int CHUNK = 500;

    private final KafkaSender sender;

    public EventPublisher(KafkaSender sender) {
        this.sender = sender;
    }

    @Override
    public void sendAll(String topic, List<Keyed> messages) throws SendFailedException {
        try {
            sender.sendAll(() -> new Rendered(topic, messages));
        } catch (KafkaSender.SendFailedException | RuntimeException e) {
            throw new SendFailedException("could not send to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The records of a batch, written a chunk at a time as they are taken. */
    private static final class Rendered implements Iterator<ProducerRecord<String, String>> {
        private final String topic;
        private final List<Keyed> messages;
        private List<String> payloads = List.of();
        private int chunkStart;
        private int next;

        Rendered(String topic, List<Keyed> messages) {
            this.topic = topic;
            this.messages = messages;
        }

        @Override
        public boolean hasNext() {
            return next < messages.size();
        }

        @Override
        public ProducerRecord<String, String> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (next - chunkStart >= payloads.size()) {
                chunkStart = next;
                payloads = DueRenderer.render(messages.subList(next, Math.min(messages.size(), next + CHUNK))
                        .stream().map(Keyed::message).toList());
            }
            Keyed keyed = messages.get(next);
            String payload = payloads.get(next - chunkStart);
            next++;
            return new ProducerRecord<>(topic, keyed.key(), payload);
        }
    }
}
