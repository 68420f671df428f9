package io.gfsbackup.retention.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.gfsbackup.contracts.messages.MalformedMessageException;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.retention.command.ChainCommands;
import io.gfsbackup.retention.command.UnsupportedMessageException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Consumes {@code backup-events} (group {@value #GROUP}) and turns each message into a chain command.
 *
 * <ul>
 *   <li>A message that cannot be parsed, is of a type retention does not handle, or is invalid for its chain
 *       goes to {@code backup-events.dlq} with the error in headers, and the consumer goes on.</li>
 *   <li>Any other failure (the database is away) is retried: the consumer seeks back to the record and tries
 *       again after a pause, so nothing is skipped.</li>
 *   <li>Offsets are committed after the records are handled: at least once. A redelivered message finds its
 *       id in {@code handled_message} (and the chain ignores a known slot anyway): nothing happens twice.</li>
 * </ul>
 */
@ApplicationScoped
public class BackupEventsConsumer {

    public static final String GROUP = "retention-service";
    public static final String DLQ_REASON = "dead-letter-reason";
    public static final String DLQ_CAUSE = "dead-letter-cause";
    public static final String DLQ_TOPIC = "dead-letter-topic";
    public static final String DLQ_PARTITION = "dead-letter-partition";
    public static final String DLQ_OFFSET = "dead-letter-offset";

    private static final Logger LOG = Logger.getLogger(BackupEventsConsumer.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    @Inject
    ChainCommands commands;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "gfs.retention.consumer.enabled", defaultValue = "true")
    boolean enabled;

    private KafkaConsumer<String, String> consumer;
    private KafkaProducer<String, String> dlqProducer;
    private Thread thread;
    private volatile boolean running;

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            start();
        }
    }

    /** Starts consuming where the group's committed offsets are. */
    public synchronized void start() {
        if (running) {
            return;
        }
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200,
                // an instance that dies (even by SIGKILL) gives its partitions to the others 10 s later
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000),
                new StringDeserializer(), new StringDeserializer());
        dlqProducer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.CLIENT_ID_CONFIG, "retention-dlq"),
                new StringSerializer(), new StringSerializer());
        consumer.subscribe(List.of(Topics.BACKUP_EVENTS));
        running = true;
        KafkaConsumer<String, String> mine = consumer;
        KafkaProducer<String, String> myDlq = dlqProducer;
        thread = new Thread(() -> run(mine, myDlq), "backup-events-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Stops consuming; what was handled is committed, the rest is consumed after {@link #start()}. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(KafkaConsumer<String, String> consumer, KafkaProducer<String, String> dlq) {
        try {
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (TopicPartition partition : records.partitions()) {
                    List<ConsumerRecord<String, String>> batch = records.records(partition);
                    if (handleBatch(batch, dlq)) {
                        consumer.commitSync(Map.of(partition,
                                new OffsetAndMetadata(batch.get(batch.size() - 1).offset() + 1)));
                        continue;
                    }
                    long next = -1;
                    for (ConsumerRecord<String, String> record : batch) {
                        if (!handle(record, dlq)) {
                            consumer.seek(partition, record.offset());
                            sleep(RETRY_PAUSE);
                            break;
                        }
                        next = record.offset() + 1;
                    }
                    if (next >= 0) {
                        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(next)));
                    }
                }
            }
        } catch (WakeupException stopping) {
            // stop() was called
        } catch (RuntimeException e) {
            LOG.error("the backup-events consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            dlq.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Handles the records of one poll and partition in one transaction, for throughput: the unparseable ones go
     * to the DLQ first, the others are handled together. False when anything failed: the caller then handles the
     * records one by one, so that one bad message goes to the DLQ alone and the others take effect.
     */
    private boolean handleBatch(List<ConsumerRecord<String, String>> records, KafkaProducer<String, String> dlq) {
        if (records.size() < 2) {
            return false;
        }
        List<Message> messages = new java.util.ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try {
                messages.add(Messages.parse(record.value()));
            } catch (MalformedMessageException e) {
                return false;
            }
        }
        try {
            commands.handleAll(messages);
            return true;
        } catch (RuntimeException e) {
            LOG.debugf("a batch of %d backup-events failed (%s); handling them one by one", records.size(),
                    e.getMessage());
            return false;
        }
    }

    /** Handles one record; false when it failed for a reason that may pass (retry it). */
    private boolean handle(ConsumerRecord<String, String> record, KafkaProducer<String, String> dlq) {
        Message message;
        try {
            message = Messages.parse(record.value());
        } catch (MalformedMessageException e) {
            return deadLetter(record, e, dlq);
        }
        try {
            commands.handle(message);
            return true;
        } catch (UnsupportedMessageException | IllegalArgumentException | AggregateNotFoundException e) {
            return deadLetter(record, e, dlq);
        } catch (IllegalStateException e) {
            if (isChainRuleViolation(e)) {
                return deadLetter(record, e, dlq);
            }
            LOG.warnf(e, "could not handle %s %s; retrying", message.type(), message.id());
            return false;
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not handle %s %s; retrying", message.type(), message.id());
            return false;
        }
    }

    /** The chain refused the message itself (e.g. a deletion of a point it never had): retrying cannot help. */
    private static boolean isChainRuleViolation(IllegalStateException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("io.gfsbackup.contracts");
    }

    private boolean deadLetter(ConsumerRecord<String, String> record, Exception error,
                               KafkaProducer<String, String> dlq) {
        LOG.warnf("backup-events record %d@%d goes to the DLQ: %s", record.partition(), record.offset(),
                error.getMessage());
        RecordHeaders headers = new RecordHeaders();
        headers.add(DLQ_REASON, utf8(String.valueOf(error.getMessage())));
        headers.add(DLQ_CAUSE, utf8(error.getClass().getName()));
        headers.add(DLQ_TOPIC, utf8(record.topic()));
        headers.add(DLQ_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(DLQ_OFFSET, utf8(Long.toString(record.offset())));
        try {
            dlq.send(new ProducerRecord<>(Topics.dlq(record.topic()), null, record.key(), record.value(), headers))
                    .get(30, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("could not write to the DLQ; retrying the record", e);
            return false;
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
