package io.gfsbackup.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aRecordProducedToTheBrokerIsConsumedBackWithItsKeyAndValue() throws Exception {
        String topic = "smoke-" + UUID.randomUUID();
        broker.createTopics(List.of(new KafkaBroker.TopicSpec(topic, 3, false)));
        String value = "{\"hello\":\"" + UUID.randomUUID() + "\"}";

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            producer.send(new ProducerRecord<>(topic, "table-arn", value)).get();
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("table-arn");
            assertThat(r.value()).isEqualTo(value);
        });
    }

    @Test
    void aCompactedTopicIsCreatedWithTheCompactCleanupPolicyAndExistingTopicsAreKept() throws Exception {
        String topic = "compacted-" + UUID.randomUUID();
        broker.createTopics(List.of(new KafkaBroker.TopicSpec(topic, 2, true)));
        broker.createTopics(List.of(new KafkaBroker.TopicSpec(topic, 2, true)));

        try (Admin admin = broker.admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String cleanup = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get("cleanup.policy").value();
            assertThat(description.partitions()).hasSize(2);
            assertThat(cleanup).isEqualTo("compact");
        }
    }

    @Test
    void aBrokerBehindAProxyIsUnreachableWhileDisconnectedAndKeepsItsRecordsWhenReconnected() throws Exception {
        try (KafkaBroker behindProxy = KafkaBroker.startBehindProxy()) {
            String topic = "outage-" + UUID.randomUUID();
            behindProxy.createTopics(List.of(new KafkaBroker.TopicSpec(topic, 1, false)));
            Properties producer = producerProps();
            producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, behindProxy.bootstrapServers());
            producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
            producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000");
            producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
            try (KafkaProducer<String, String> kafka = new KafkaProducer<>(producer)) {
                kafka.send(new ProducerRecord<>(topic, "k", "before")).get();

                behindProxy.disconnect();
                org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> kafka.send(new ProducerRecord<>(topic, "k", "during")).get())
                        .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);

                behindProxy.reconnect();
                kafka.send(new ProducerRecord<>(topic, "k", "after")).get();
            }
            try (Admin admin = behindProxy.admin()) {
                var offsets = admin.listOffsets(Map.of(new org.apache.kafka.common.TopicPartition(topic, 0),
                        org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get();
                assertThat(offsets.values()).extracting(o -> o.offset()).containsExactly(2L);
            }
        }
    }

    @Test
    void aSaslBrokerServesAUserWhatItsAclsAllowAndNoOneWithoutCredentials() throws Exception {
        try (KafkaBroker secured = KafkaBroker.startWithSasl(Map.of("writer", "writer-secret"))) {
            String topic = "sasl-" + UUID.randomUUID();
            String forbidden = "forbidden-" + UUID.randomUUID();
            secured.createTopics(List.of(new KafkaBroker.TopicSpec(topic, 1, false),
                    new KafkaBroker.TopicSpec(forbidden, 1, false)));
            secured.grant(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                    new AccessControlEntry("User:writer", "*", AclOperation.WRITE, AclPermissionType.ALLOW))));

            Map<String, Object> writer = new HashMap<>(secured.clientSettings("writer"));
            writer.putAll(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(writer, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "k", "allowed")).get();
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(forbidden, "k", "denied")).get())
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }

            Map<String, Object> wrongPassword = new HashMap<>(writer);
            wrongPassword.put(SaslConfigs.SASL_JAAS_CONFIG, PlainLoginModule.class.getName()
                    + " required username=\"writer\" password=\"guessed\";");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(wrongPassword, new StringSerializer(),
                    new StringSerializer())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "denied")).get())
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }

            Map<String, Object> noCredentials = new HashMap<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, secured.bootstrapServers(),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(noCredentials, new StringSerializer(),
                    new StringSerializer())) {
                // the broker closes a connection that does not start with SASL: the client never gets metadata
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "denied")).get())
                        .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            }
            try (Admin admin = secured.admin()) {
                var offsets = admin.listOffsets(Map.of(new org.apache.kafka.common.TopicPartition(topic, 0),
                        org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get();
                assertThat(offsets.values()).extracting(o -> o.offset()).containsExactly(1L);
            }
        }
    }

    private static Properties producerProps() {
        Properties props = new Properties();
        props.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all"));
        return props;
    }

    private static Properties consumerProps() {
        Properties props = new Properties();
        props.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "smoke-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        return props;
    }
}
