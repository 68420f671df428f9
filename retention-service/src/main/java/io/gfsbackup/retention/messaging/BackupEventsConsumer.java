package io.gfsbackup.retention.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.modelling.command.ConcurrencyException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.gfsbackup.contracts.messages.BackupStarted;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.RestoreProgressed;
import io.gfsbackup.contracts.messages.ScratchTableDropped;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.messaging.ConsumerFactory;
import io.gfsbackup.messaging.ConsumerLoop;
import io.gfsbackup.messaging.ConsumerReadiness;
import io.gfsbackup.messaging.Failures;
import io.gfsbackup.messaging.KafkaClientSettings;
import io.gfsbackup.messaging.KafkaSender;
import io.gfsbackup.messaging.Retrying;
import io.gfsbackup.retention.command.ChainCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Consumes {@code backup-events} (group {@value #GROUP}) and turns each message into a chain command, on the shared
 * {@link ConsumerLoop} and its rules (docs/messaging.md):
 *
 * <ul>
 *   <li>The records of one partition and poll are handled in one transaction, for throughput
 *       ({@link ChainCommands#handleAll}); if that fails, one by one, so that one bad message goes to the DLQ
 *       alone and the others take effect.</li>
 *   <li>A message that cannot be parsed, is of a type retention does not handle, or is invalid for its chain (a
 *       deletion or restore of a chain retention does not know, a restore of a slot that is no point of it) goes
 *       to {@code backup-events.dlq} after bounded attempts, and the consumer goes on. A database that is away, or
 *       a chain another process appended to first ({@link ConcurrencyException}), is retried until it passes.</li>
 *   <li>Offsets are committed after the records are handled: at least once. A redelivered message finds its id
 *       in {@code handled_message} (and the chain ignores a known slot anyway): nothing happens twice.</li>
 * </ul>
 */
@ApplicationScoped
public class BackupEventsConsumer {

    public static final String GROUP = "retention-service";
    static final Failures FAILURES = Failures.standard().orTransientWhen(ConcurrencyException.class::isInstance);

    @Inject
    ChainCommands commands;

    @Inject
    ConsumerReadiness readiness;

    @Inject
    KafkaClientSettings kafka;

    @ConfigProperty(name = "gfs.retention.consumer.enabled", defaultValue = "true")
    boolean enabled;

    /** The consumer's maker: Kafka's own unless a test gives one that injects faults. */
    @Inject
    Instance<ConsumerFactory> consumers;

    private ConsumerLoop loop;
    private KafkaSender deadLetters;

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            start();
        }
    }

    /** Starts consuming where the group's committed offsets are. */
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        deadLetters = new KafkaSender(kafka, "retention-dlq", Duration.ofSeconds(30));
        loop = ConsumerLoop.builder("backup-events-consumer", kafka.with(Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200,
                        // an instance that dies (even by SIGKILL) gives its partitions to the others 10 s later
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000)))
                .subscribe(Topics.BACKUP_EVENTS)
                .consumers(consumers.isResolvable() ? consumers.get() : ConsumerFactory.standard())
                .retry(Retrying.Policy.standard().withFailures(FAILURES))
                .deadLetters(deadLetters)
                .batchHandler(records -> {
                    List<Message> messages = forRetention(parse(records));
                    if (!messages.isEmpty()) {
                        commands.handleAll(messages);
                    }
                })
                .handler(record -> forRetention(List.of(Messages.parse(record.value()))).forEach(commands::handle))
                .build()
                .start();
        readiness.watch(loop);
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Stops consuming; what was handled is committed, the rest is consumed after {@link #start()}. */
    public synchronized void stop() {
        if (loop == null) {
            return;
        }
        readiness.unwatch(loop);
        loop.close();
        deadLetters.close();
        loop = null;
    }

    /**
     * The messages that change a chain. A {@link BackupStarted} says a job is running, which other readers of
     * {@code backup-events} follow; a chain changes only with the outcome that follows it. A
     * {@link ScratchTableDropped} is about a restore test's scratch table, which is no restore point: the operations
     * service follows it, as it follows a {@link RestoreProgressed}, a running restore's stage. These are skipped, never
     * dead-lettered.
     */
    static List<Message> forRetention(List<Message> messages) {
        return messages.stream()
                .filter(message -> !(message instanceof BackupStarted || message instanceof ScratchTableDropped
                        || message instanceof RestoreProgressed))
                .toList();
    }

    private static List<Message> parse(List<ConsumerRecord<String, String>> records) {
        List<Message> messages = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            messages.add(Messages.parse(record.value()));
        }
        return messages;
    }
}
