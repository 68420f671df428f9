package io.gfsbackup.operations.messaging;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.messaging.ConsumerFactory;
import io.gfsbackup.messaging.ConsumerLoop;
import io.gfsbackup.messaging.ConsumerReadiness;
import io.gfsbackup.messaging.DeadLetters;
import io.gfsbackup.messaging.Failures;
import io.gfsbackup.messaging.KafkaClientSettings;
import io.gfsbackup.messaging.KafkaSender;
import io.gfsbackup.messaging.Retrying;
import io.gfsbackup.operations.jobs.JobState;
import io.gfsbackup.operations.jobs.Projection;
import io.gfsbackup.operations.restore.RestoreProjection;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Reads every topic the other services write (policies, {@code backup-due}, {@code backup-events},
 * {@code retention-events}) and the worker's dead letters of {@code retention-events} (a deletion refused or failed),
 * in its own consumer group, and applies each message to the projection ({@link Projection}) in a transaction of its
 * own, on the shared {@link ConsumerLoop} and its rules (docs/messaging.md): a database that is away is retried until
 * it passes; a record that cannot be parsed goes to its topic's DLQ and the loop goes on. A dead letter that cannot
 * be parsed is only logged: it is a dead letter already. A tombstone on the policies topic forgets the deleted
 * policy. The worker's outcomes of restores move the restores and their jobs ({@link RestoreProjection}).
 * Notifications and metrics read the projection; nothing runs on this loop's thread but the projection.
 */
@ApplicationScoped
public class TopicsConsumer {

    private static final Logger LOG = Logger.getLogger(TopicsConsumer.class);
    static final String REFUSED_CLASS_SUFFIX = "InvalidMessageException";

    @Inject
    DataSource dataSource;

    @Inject
    ConsumerReadiness readiness;

    @Inject
    KafkaClientSettings kafka;

    @ConfigProperty(name = "gfs.operations.consumer.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "gfs.operations.consumer.group", defaultValue = "operations-service")
    String group;

    private ConsumerLoop loop;
    private KafkaSender deadLetters;

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            start();
        }
    }


    public synchronized void start() {
        if (loop != null) {
            return;
        }
        deadLetters = new KafkaSender(kafka, "operations-dlq", Duration.ofSeconds(30));
        loop = ConsumerLoop.builder("operations-consumer", kafka.with(Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG, group,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200,
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000)))
                .subscribe(Topics.POLICIES, Topics.BACKUP_DUE, Topics.BACKUP_EVENTS, Topics.RETENTION_EVENTS,
                        Topics.dlq(Topics.RETENTION_EVENTS))
                .consumers(ConsumerFactory.standard())
                .retry(Retrying.Policy.standard().withFailures(Failures.standard()))
                .deadLetters(deadLetters)
                .handler(this::handle)
                .build()
                .start();
        readiness.watch(loop);
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void stop() {
        if (loop == null) {
            return;
        }
        readiness.unwatch(loop);
        loop.close();
        deadLetters.close();
        loop = null;
    }

    private void handle(ConsumerRecord<String, String> record) throws SQLException {
        if (record.topic().equals(Topics.dlq(Topics.RETENTION_EVENTS))) {
            deadLetter(record);
            return;
        }
        if (record.topic().equals(Topics.POLICIES) && record.value() == null) {
            policyDeleted(UUID.fromString(record.key()));
            return;
        }
        Message message = Messages.parse(record.value());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Projection.apply(connection, message);
                RestoreProjection.apply(connection, message);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** The tombstone of a deleted policy, keyed by its id. */
    private void policyDeleted(UUID policyId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Projection.policyDeleted(connection, policyId);
        }
    }

    /** A deletion the worker gave up on: refused (it must not delete that backup) or failed. */
    private void deadLetter(ConsumerRecord<String, String> record) throws SQLException {
        Message message;
        try {
            message = Messages.parse(record.value());
        } catch (RuntimeException e) {
            LOG.debugf("a dead letter of retention-events that is not a message (%s) is left as it is", e.getMessage());
            return;
        }
        if (!(message instanceof PointExpired expired)) {
            return;
        }
        String exception = DeadLetters.header(record.headers(), DeadLetters.EXCEPTION_CLASS);
        String reason = DeadLetters.header(record.headers(), DeadLetters.REASON);
        JobState state = exception != null && exception.endsWith(REFUSED_CLASS_SUFFIX) ? JobState.REFUSED
                : JobState.FAILED;
        try (Connection connection = dataSource.getConnection()) {
            Projection.deletionEnded(connection, expired, state, reason == null ? "dead-lettered" : reason,
                    Instant.ofEpochMilli(record.timestamp()));
        }
    }
}
