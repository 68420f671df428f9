package io.gfsbackup.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PolicyUpserted;
import io.gfsbackup.contracts.policy.BackupPolicy;

/** Publishes on a policies topic what policy-service would: PolicyUpserted keyed by policy id, tombstones. */
final class PolicyTopic implements AutoCloseable {

    static final int PARTITIONS = 3;

    private final KafkaProducer<String, String> producer;
    private final String topic;

    PolicyTopic(String bootstrapServers, String topic) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic);
    }

    /** With these client settings (brokers, security). */
    PolicyTopic(Map<String, Object> clientSettings, String topic) {
        this.topic = topic;
        Map<String, Object> config = new java.util.HashMap<>(clientSettings);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** A fresh compacted topic shaped like {@code policies}, for instances of a test's own. */
    static String createFresh(String bootstrapServers, String prefix) {
        String name = prefix + "-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(java.util.List.of(new NewTopic(name, PARTITIONS, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
        return name;
    }

    /** The partition Kafka's default partitioner gives a policy id. */
    static int partitionOf(UUID policyId) {
        return Utils.toPositive(Utils.murmur2(policyId.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % PARTITIONS;
    }

    void upsert(UUID policyId, long version, BackupPolicy policy, Instant occurredAt) {
        send(policyId.toString(), Messages.toJson(PolicyUpserted.of(policyId, version, policy, "test", occurredAt)));
    }

    void delete(UUID policyId) {
        send(policyId.toString(), null);
    }

    void send(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
