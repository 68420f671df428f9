package io.gfsbackup.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.gfsbackup.deploy.infra.KafkaBroker;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"scheduler\" password=\"s3cret\";";

    @TempDir
    Path dir;

    @Test
    void everyKafkaPropertyOfTheConfigurationIsAClientSettingWhetherAPropertyOrAnEnvironmentVariable() {
        Config config = config(Map.of(
                        "kafka.bootstrap.servers", "broker-1:9093,broker-2:9093",
                        "kafka.security.protocol", "SASL_SSL",
                        "kafka.ssl.truststore.location", "/etc/gfs/kafka-truststore.p12",
                        "kafka.ssl.truststore.type", "PKCS12",
                        "kafka.client.dns.lookup", "use_all_dns_ips",
                        "kafka.group.id", "named-by-each-consumer",
                        "kafka-streams.application.id", "not-a-client-setting",
                        "gfs.messaging.stall-timeout", "PT1M"),
                Map.of("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                        "KAFKA_SASL_JAAS_CONFIG", JAAS,
                        "KAFKA_SSL_TRUSTSTORE_PASSWORD", "changeit"));

        assertThat(KafkaClientSettings.of(config).properties()).isEqualTo(Map.of(
                "bootstrap.servers", "broker-1:9093,broker-2:9093",
                "security.protocol", "SASL_SSL",
                "ssl.truststore.location", "/etc/gfs/kafka-truststore.p12",
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.password", "changeit",
                "client.dns.lookup", "use_all_dns_ips",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", JAAS));
    }

    @Test
    void anEnvironmentVariableOverridesTheSamePropertyOfTheFile() {
        Config config = config(Map.of("kafka.bootstrap.servers", "localhost:9092"),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker:9093"));

        assertThat(KafkaClientSettings.of(config).properties()).containsExactly(
                Map.entry("bootstrap.servers", "broker:9093"));
    }

    @Test
    void aClientsOwnSettingsWinOverTheSharedOnes() {
        KafkaClientSettings shared = KafkaClientSettings.of(Map.of("bootstrap.servers", "broker:9093",
                "security.protocol", "SSL", "acks", "1"));

        assertThat(shared.with(Map.of("acks", "all", "group.id", "scheduler-service"))).isEqualTo(Map.of(
                "bootstrap.servers", "broker:9093", "security.protocol", "SSL", "acks", "all",
                "group.id", "scheduler-service"));
    }

    @Test
    void aQuarkusTlsConfigurationSelectsQuarkusSslEngineFactoryAsForTheChannels() {
        Config config = config(Map.of("kafka.bootstrap.servers", "broker:9093"),
                Map.of("KAFKA_TLS_CONFIGURATION_NAME", "kafka-tls"));

        assertThat(KafkaClientSettings.of(config).properties())
                .containsEntry("tls-configuration-name", "kafka-tls")
                .containsEntry("ssl.engine.factory.class", KafkaClientSettings.QUARKUS_SSL_ENGINE_FACTORY);
    }

    @Test
    void theDescriptionNamesTheSettingsButNotTheirValues() {
        KafkaClientSettings settings = KafkaClientSettings.of(Map.of("sasl.jaas.config", JAAS,
                "bootstrap.servers", "broker:9093"));

        assertThat(settings.toString()).contains("sasl.jaas.config", "bootstrap.servers").doesNotContain("s3cret");
    }

    @Test
    void theReplayTakesItsClientSettingsFromAKafkaClientPropertiesFileAndTheBrokersFromTheCommandLine()
            throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                # as for kafka-console-consumer.sh --command-config
                bootstrap.servers=ignored:9092
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=%s
                """.formatted(JAAS.replace("\"", "\\\"")));

        DeadLetterReplay.Command command = DeadLetterReplay.Command.parse("--bootstrap-servers", "broker:9093",
                "--dlq", "backup-due.dlq", "--command-config", file.toString());

        assertThat(command.settings().properties()).isEqualTo(Map.of(
                "bootstrap.servers", "broker:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", JAAS));
        assertThatThrownBy(() -> DeadLetterReplay.Command.parse("--dlq", "backup-due.dlq"))
                .hasMessageContaining("--bootstrap-servers").hasMessageContaining("--command-config");
    }

    @Test
    void aSenderAndAConsumerLoopWithTheSettingsOfTheConfigurationReachABrokerThatWantsSasl() throws Exception {
        try (KafkaBroker broker = KafkaBroker.startWithSasl(Map.of("service", "service-secret"))) {
            String topic = "secured-" + UUID.randomUUID();
            broker.createTopics(List.of(new KafkaBroker.TopicSpec(topic, 1, false)));
            broker.grant(List.of(
                    allow(ResourceType.TOPIC, topic, AclOperation.WRITE),
                    allow(ResourceType.TOPIC, topic, AclOperation.READ),
                    allow(ResourceType.GROUP, "secured-group", AclOperation.READ)));
            Map<String, String> environment = new java.util.HashMap<>();
            broker.clientSettings("service").forEach((name, value) ->
                    environment.put("KAFKA_" + name.toUpperCase().replace('.', '_'), value.toString()));
            KafkaClientSettings settings = KafkaClientSettings.of(config(Map.of(), environment));
            List<String> read = new CopyOnWriteArrayList<>();

            try (KafkaSender sender = new KafkaSender(settings, "secured-sender", Duration.ofSeconds(20));
                 ConsumerLoop loop = ConsumerLoop.builder("secured-loop",
                                 settings.with(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "secured-group")))
                         .subscribe(topic).handler(record -> read.add(record.value())).build().start()) {
                sender.send(new ProducerRecord<>(topic, "k", "through SASL"));
                await().atMost(Duration.ofSeconds(60)).until(() -> read.contains("through SASL"));
            }

            KafkaClientSettings wrongPassword = KafkaClientSettings.of(settings.with(Map.of("sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required "
                            + "username=\"service\" password=\"guessed\";")));
            try (KafkaSender sender = new KafkaSender(wrongPassword, "refused-sender", Duration.ofSeconds(5))) {
                assertThatThrownBy(() -> sender.send(new ProducerRecord<>(topic, "k", "refused")))
                        .isInstanceOf(KafkaSender.SendFailedException.class)
                        .hasRootCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    private static AclBinding allow(ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:service", "*", operation, AclPermissionType.ALLOW));
    }

    /** A configuration as a service has it: its properties file and, above it, the environment. */
    private static Config config(Map<String, String> properties, Map<String, String> environment) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "application.properties", 250))
                .withSources(new EnvConfigSource(environment, 300))
                .build();
    }
}
