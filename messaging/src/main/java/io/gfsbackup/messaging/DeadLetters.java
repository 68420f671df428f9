package io.gfsbackup.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.gfsbackup.contracts.messages.Topics;

/**
 * The one dead-letter format of every consumer: a record that can never be handled goes to its DLQ
 * ({@link Topics#dlq}, {@code <topic>.dlq})
 * with its key and value unchanged and these headers, the ones SmallRye's dead-letter-queue strategy writes, so
 * that a dead letter reads the same whichever consumer wrote it:
 *
 * <ul>
 *   <li>{@value #REASON}: the error's message; {@value #EXCEPTION_CLASS}: its class;</li>
 *   <li>{@value #CAUSE} and {@value #CAUSE_CLASS}: the message and class of the error's cause, when it has one;</li>
 *   <li>{@value #TOPIC}, {@value #PARTITION}, {@value #OFFSET}: where the record was.</li>
 * </ul>
 */
public final class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String EXCEPTION_CLASS = "dead-letter-exception-class-name";
    public static final String CAUSE = "dead-letter-cause";
    public static final String CAUSE_CLASS = "dead-letter-cause-class-name";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private DeadLetters() {
    }

    /** The dead letter of a record: same key and value, on its DLQ, with the error and origin in headers. */
    public static ProducerRecord<String, String> of(ConsumerRecord<String, String> record, Throwable error) {
        return new ProducerRecord<>(Topics.dlq(record.topic()), null, record.key(), record.value(),
                headers(record.topic(), record.partition(), record.offset(), error));
    }

    /** The headers of a dead letter. */
    public static Headers headers(String topic, int partition, long offset, Throwable error) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, utf8(String.valueOf(error.getMessage())));
        headers.add(EXCEPTION_CLASS, utf8(error.getClass().getName()));
        Throwable cause = error.getCause();
        if (cause != null) {
            headers.add(CAUSE, utf8(String.valueOf(cause.getMessage())));
            headers.add(CAUSE_CLASS, utf8(cause.getClass().getName()));
        }
        headers.add(TOPIC, utf8(topic));
        headers.add(PARTITION, utf8(Integer.toString(partition)));
        headers.add(OFFSET, utf8(Long.toString(offset)));
        return headers;
    }

    /** A header's text, or null when the record does not have it. */
    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
