package io.gfsbackup.retention.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.gfsbackup.contracts.messages.ArchiveRequested;
import io.gfsbackup.contracts.messages.DeletionsPaused;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.DeletionsResumed;
import io.gfsbackup.contracts.messages.FlagUnassigned;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.RetentionGap;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.retention.ChainEvent;
import io.gfsbackup.messaging.DeadLetters;
import io.gfsbackup.messaging.Failures;
import io.gfsbackup.messaging.KafkaClientSettings;
import io.gfsbackup.messaging.KafkaSender;
import io.gfsbackup.retention.api.AxonJson;
import io.gfsbackup.retention.command.DeletionsAnnouncer;
import io.gfsbackup.retention.query.ChainEntity;
import io.gfsbackup.retention.query.RestorePointEntity;

/**
 * Turns the chain decisions that others act on into {@code retention-events} messages, keyed by table ARN, with
 * the deterministic ids of {@code contracts}. It runs in a tracking event processor whose token is in PostgreSQL:
 * a message is sent and acknowledged by the broker before the token moves past its event, so every decision is
 * published at least once, in the order of the chain. A redelivered decision is the same message (same id, same
 * body): its {@code occurredAt} is the decision's logical instant, not the time of sending.
 *
 * <p>It also announces the clock guard's pauses and an admin's resumes ({@link DeletionsPaused},
 * {@link DeletionsResumed}, keyed by policy id) on the same topic.
 */
@Singleton
@ProcessingGroup(RetentionEventPublisher.PROCESSING_GROUP)
public class RetentionEventPublisher implements DeletionsAnnouncer {

    public static final String PROCESSING_GROUP = "retention-events-publisher";
    public static final String TYPE_HEADER = "type";
    private static final Logger LOG = Logger.getLogger(RetentionEventPublisher.class);
    private static final Failures FAILURES = Failures.standard();
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(25);

    private final KafkaSender sender;

    @Inject
    public RetentionEventPublisher(KafkaClientSettings kafka) {
        this.sender = new KafkaSender(kafka, "retention-events-publisher", ACK_TIMEOUT);
    }

    @EventHandler
    void on(io.gfsbackup.contracts.retention.FlagUnassigned event, DomainEventMessage<?> message) {
        publish(event, message, () -> {
            ChainEntity chain = chainOf(message);
            return FlagUnassigned.of(chain.policyId, chain.table(), event, event.at());
        });
    }

    @EventHandler
    void on(io.gfsbackup.contracts.retention.PointExpired event, DomainEventMessage<?> message) {
        publish(event, message, () -> {
            ChainEntity chain = chainOf(message);
            RestorePointEntity point = backupOf(chain, event.slot());
            return PointExpired.of(chain.policyId, chain.table(), point.backupArn, point.backupName, event,
                    event.at());
        });
    }

    @EventHandler
    void on(io.gfsbackup.contracts.retention.ArchiveDue event, DomainEventMessage<?> message) {
        publish(event, message, () -> {
            ChainEntity chain = chainOf(message);
            RestorePointEntity point = backupOf(chain, event.slot());
            return ArchiveRequested.of(new RestoreSource(chain.policyId, chain.table(), event.slot(),
                    point.backupArn), event);
        });
    }

    @EventHandler
    void on(io.gfsbackup.contracts.retention.RetentionGap event, DomainEventMessage<?> message) {
        publish(event, message, () -> {
            ChainEntity chain = chainOf(message);
            return RetentionGap.of(chain.policyId, chain.table(), event, event.at());
        });
    }

    @Override
    public void announce(DeletionsPaused paused) {
        send(paused);
    }

    @Override
    public void announce(DeletionsResumed resumed) {
        send(resumed);
    }

    /**
     * Publishes the message made for a chain event. A transient failure is thrown, and the processor tries the event
     * again (nothing later is published before it, so the order holds). Any other failure (the message cannot be
     * made, or Kafka refuses it for good) is written to {@code retention-events.dlq} with the chain event as stored,
     * keyed by chain id, and publication goes on with the next event: one decision that cannot be published never
     * stops the others. The DLQ is retried until the broker takes it.
     */
    private void publish(ChainEvent event, DomainEventMessage<?> source, Supplier<Message> make) {
        try {
            send(make.get());
        } catch (RuntimeException e) {
            if (FAILURES.isTransient(e)) {
                throw e;
            }
            LOG.errorf("chain %s event %d (%s) cannot be published and goes to %s: %s",
                    source.getAggregateIdentifier(), source.getSequenceNumber(), event.getClass().getSimpleName(),
                    Topics.dlq(Topics.RETENTION_EVENTS), e.getMessage());
            deadLetter(event, source, e);
        }
    }

    private void deadLetter(ChainEvent event, DomainEventMessage<?> source, RuntimeException error) {
        String value;
        try {
            value = AxonJson.mapper().writerFor(ChainEvent.class).writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write chain event " + event, e);
        }
        try {
            sender.send(new ProducerRecord<>(Topics.dlq(Topics.RETENTION_EVENTS), null,
                    source.getAggregateIdentifier(), value, DeadLetters.headers(Topics.RETENTION_EVENTS, -1,
                            source.getSequenceNumber(), error)));
        } catch (KafkaSender.SendFailedException e) {
            throw new IllegalStateException("could not write the dead letter of chain "
                    + source.getAggregateIdentifier() + " event " + source.getSequenceNumber()
                    + "; the processor retries it", e);
        }
    }

    /** The recorded backup of the point of {@code slot}; a decision about a point without one cannot be published. */
    private static RestorePointEntity backupOf(ChainEntity chain, java.time.Instant slot) {
        RestorePointEntity point = RestorePointEntity.find(chain.chainId, slot);
        if (point == null) {
            throw new IllegalStateException("chain " + chain.chainId + " has no recorded backup of slot " + slot);
        }
        return point;
    }

    private static ChainEntity chainOf(DomainEventMessage<?> message) {
        UUID chainId = UUID.fromString(message.getAggregateIdentifier());
        ChainEntity chain = ChainEntity.findById(chainId);
        if (chain == null) {
            throw new IllegalStateException("no read model row for chain " + chainId);
        }
        return chain;
    }

    private void send(Message message) {
        String key;
        if (message instanceof FlagUnassigned m) {
            key = m.table().arn();
        } else if (message instanceof PointExpired m) {
            key = m.table().arn();
        } else if (message instanceof RetentionGap m) {
            key = m.table().arn();
        } else if (message instanceof ArchiveRequested m) {
            key = m.point().table().arn();
        } else if (message instanceof DeletionsPaused m) {
            key = m.policyId().toString();
        } else if (message instanceof DeletionsResumed m) {
            key = m.policyId().toString();
        } else {
            throw new IllegalArgumentException("not a retention event: " + message.type());
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(TYPE_HEADER, message.type().getBytes(StandardCharsets.UTF_8));
        try {
            sender.send(new ProducerRecord<>(Topics.RETENTION_EVENTS, null, key, Messages.toJson(message), headers));
        } catch (KafkaSender.SendFailedException e) {
            throw new IllegalStateException("the broker did not acknowledge " + message.type() + " " + message.id()
                    + "; the processor retries it", e);
        }
    }

    @PreDestroy
    void close() {
        sender.close();
    }
}
