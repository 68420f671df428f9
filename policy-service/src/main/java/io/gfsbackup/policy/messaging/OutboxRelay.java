package io.gfsbackup.policy.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import io.gfsbackup.messaging.KafkaClientSettings;
import io.gfsbackup.messaging.KafkaSender;
import io.gfsbackup.policy.persistence.OutboxEntity;
import io.gfsbackup.policy.persistence.OutboxRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Publishes the outbox to Kafka, oldest row first, and marks each row published once the broker has
 * acknowledged it. While the broker is unreachable nothing is marked and the relay tries again on its next run,
 * so changes accepted meanwhile are published, in order, when the broker is back.
 *
 * <p>Order: rows are sent in id order by an idempotent producer; the first failed send ends a batch and only
 * the rows before it are marked. A PostgreSQL advisory lock lets only one policy-service instance publish at a
 * time. Delivery is at least once: after a crash between send and mark, rows are sent again, in the same order;
 * consumers ignore a {@code PolicyUpserted} whose version they already hold.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Any constant number shared by every instance of this service; names the relay's advisory lock. */
    private static final long RELAY_LOCK = 0x6766_732d_706f_6cL;
    private static final int BATCH_SIZE = 200;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);

    private final OutboxRepository outbox;
    private final EntityManager entityManager;
    private final Clock clock;
    private final KafkaClientSettings kafka;
    private final Counter published;
    private final Counter failures;
    private KafkaSender sender;

    OutboxRelay(OutboxRepository outbox, EntityManager entityManager, Clock clock, MeterRegistry metrics,
                KafkaClientSettings kafka) {
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.clock = clock;
        this.kafka = kafka;
        this.published = metrics.counter("gfs.outbox.published");
        this.failures = metrics.counter("gfs.outbox.publish.failures");
        metrics.gauge("gfs.outbox.pending", this, relay -> QuarkusTransaction.requiringNew().call(relay.outbox::pending));
    }

    @Scheduled(every = "${gfs.outbox.interval:0.5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "1s")
    void publishPending() {
        int sent;
        do {
            sent = QuarkusTransaction.requiringNew().call(this::publishBatch);
        } while (sent == BATCH_SIZE);
    }

    /** Publishes up to one batch in the current transaction; returns how many rows were marked published. */
    int publishBatch() {
        Object locked = entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(:lock)")
                .setParameter("lock", RELAY_LOCK).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return 0;
        }
        List<OutboxEntity> batch = outbox.nextBatch(BATCH_SIZE);
        if (batch.isEmpty()) {
            return 0;
        }
        int marked;
        try {
            marked = sender().sendAll(batch.stream()
                    .map(row -> new ProducerRecord<>(row.topic, row.messageKey, row.payload)).toList()).size();
        } catch (KafkaSender.SendFailedException e) {
            marked = e.acknowledged();
            LOG.warnf("Kafka did not acknowledge a message (%s); %d message(s) wait in the outbox", e.getMessage(),
                    batch.size() - marked);
            failures.increment();
            resetSender();
        }
        for (OutboxEntity row : batch.subList(0, marked)) {
            row.publishedAt = clock.instant();
        }
        published.increment(marked);
        return marked;
    }

    private synchronized KafkaSender sender() {
        if (sender == null) {
            // a short wait for metadata: while the broker is away the relay tries again on its next run
            sender = new KafkaSender(kafka, "policy-service-outbox", ACK_TIMEOUT,
                    Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000));
        }
        return sender;
    }

    /** A producer that failed is replaced: its idempotence state may belong to a broker that is gone. */
    private synchronized void resetSender() {
        if (sender != null) {
            sender.close();
            sender = null;
        }
    }

    @PreDestroy
    void close() {
        resetSender();
    }
}
