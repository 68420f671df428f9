package io.gfsbackup.policy.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

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
    private final String bootstrapServers;
    private final Counter published;
    private final Counter failures;
    private KafkaProducer<String, String> producer;

    OutboxRelay(OutboxRepository outbox, EntityManager entityManager, Clock clock, MeterRegistry metrics,
                @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.clock = clock;
        this.bootstrapServers = bootstrapServers;
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
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        try {
            KafkaProducer<String, String> kafka = producer();
            for (OutboxEntity row : batch) {
                acks.add(kafka.send(new ProducerRecord<>(row.topic, row.messageKey, row.payload)));
            }
            kafka.flush();
        } catch (RuntimeException e) {
            LOG.warnf("could not send to Kafka (%s); %d message(s) wait in the outbox", e.getMessage(), batch.size());
        }
        int marked = 0;
        for (int i = 0; i < acks.size(); i++) {
            if (!acknowledged(acks.get(i))) {
                failures.increment();
                resetProducer();
                break;
            }
            batch.get(i).publishedAt = clock.instant();
            marked++;
        }
        published.increment(marked);
        return marked;
    }

    private boolean acknowledged(Future<RecordMetadata> ack) {
        try {
            ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Kafka did not acknowledge a message (%s); it stays in the outbox", String.valueOf(e.getCause()));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                    ProducerConfig.CLIENT_ID_CONFIG, "policy-service-outbox"),
                    new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /** A producer that failed is replaced: its idempotence state may belong to a broker that is gone. */
    private synchronized void resetProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @PreDestroy
    void close() {
        resetProducer();
    }
}
