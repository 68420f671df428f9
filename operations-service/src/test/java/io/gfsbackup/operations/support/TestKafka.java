package io.gfsbackup.operations.support;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.BackupFailed;
import io.gfsbackup.contracts.messages.BackupMissed;
import io.gfsbackup.contracts.messages.BackupStarted;
import io.gfsbackup.contracts.messages.DeletionsPaused;
import io.gfsbackup.contracts.messages.DeletionsResumed;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PolicyUpserted;
import io.gfsbackup.contracts.messages.RestoreEnded;
import io.gfsbackup.contracts.messages.RestoreStarted;
import io.gfsbackup.contracts.messages.ScratchTableDropped;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.messaging.DeadLetters;

/** Publishes messages to the test broker on the topics and with the keys the other services use. */
public final class TestKafka implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public TestKafka(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** Publishes {@code message} where its service would, and waits for the ack. */
    public void publish(Message message) {
        send(new ProducerRecord<>(topicOf(message), keyOf(message), Messages.toJson(message)));
    }

    /** A dead letter of {@code retention-events}, as the worker writes it. */
    public void deadLetter(Message message, Throwable error) {
        send(new ProducerRecord<>(Topics.dlq(Topics.RETENTION_EVENTS), null, null, keyOf(message),
                Messages.toJson(message), DeadLetters.headers(Topics.RETENTION_EVENTS, 0, 0, error)));
    }

    /** The tombstone the policy service writes when a policy is deleted. */
    public void deletePolicy(UUID policyId) {
        send(new ProducerRecord<>(Topics.POLICIES, policyId.toString(), null));
    }

    public void publishRaw(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    private void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    static String topicOf(Message message) {
        if (message instanceof PolicyUpserted) {
            return Topics.POLICIES;
        }
        if (message instanceof BackupDue) {
            return Topics.BACKUP_DUE;
        }
        if (message instanceof BackupStarted || message instanceof BackupCreated || message instanceof BackupFailed
                || message instanceof BackupMissed || message instanceof BackupDeleted
                || message instanceof RestoreStarted || message instanceof RestoreEnded
                || message instanceof ScratchTableDropped
                || message instanceof io.gfsbackup.contracts.messages.RestoreProgressed
                || message instanceof io.gfsbackup.contracts.messages.PointArchived
                || message instanceof io.gfsbackup.contracts.messages.ArchiveFailed) {
            return Topics.BACKUP_EVENTS;
        }
        return Topics.RETENTION_EVENTS;
    }

    static String keyOf(Message message) {
        if (message instanceof io.gfsbackup.contracts.messages.RestoreProgressed m) {
            return m.source().table().arn();
        }
        if (message instanceof io.gfsbackup.contracts.messages.PointArchived m) {
            return m.point().table().arn();
        }
        if (message instanceof io.gfsbackup.contracts.messages.ArchiveFailed m) {
            return m.point().table().arn();
        }
        if (message instanceof io.gfsbackup.contracts.messages.ArchiveRequested m) {
            return m.point().table().arn();
        }
        if (message instanceof PolicyUpserted m) {
            return m.policyId().toString();
        }
        if (message instanceof BackupDue m) {
            return m.due().table().arn();
        }
        if (message instanceof BackupStarted m) {
            return m.due().table().arn();
        }
        if (message instanceof BackupCreated m) {
            return m.due().table().arn();
        }
        if (message instanceof BackupFailed m) {
            return m.due().table().arn();
        }
        if (message instanceof BackupMissed m) {
            return m.due().table().arn();
        }
        if (message instanceof BackupDeleted m) {
            return m.table().arn();
        }
        if (message instanceof RestoreStarted m) {
            return m.source().table().arn();
        }
        if (message instanceof RestoreEnded m) {
            return m.source().table().arn();
        }
        if (message instanceof ScratchTableDropped m) {
            return m.source().table().arn();
        }
        if (message instanceof DeletionsPaused m) {
            return m.policyId().toString();
        }
        if (message instanceof DeletionsResumed m) {
            return m.policyId().toString();
        }
        return message.id().toString();
    }

    @Override
    public void close() {
        producer.close();
    }
}
