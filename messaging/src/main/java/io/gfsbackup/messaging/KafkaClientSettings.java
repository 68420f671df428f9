package io.gfsbackup.messaging;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.CommonClientConfigs;
import org.eclipse.microprofile.config.Config;

/**
 * The settings every Kafka client of a service shares: the broker addresses and how to reach them safely (TLS,
 * SASL). The SmallRye channels get them from Quarkus; the clients this project builds itself ({@link KafkaSender},
 * {@link ConsumerLoop}, the clock, {@link DeadLetterReplay}) get the same ones from here, so one configuration
 * secures every client of a service.
 *
 * <p>{@link #of(Config)} reads them as Quarkus does: every property whose name starts with {@code kafka.} (or
 * {@code KAFKA_}, an environment variable) is a Kafka client setting without that prefix, lower case, underscores
 * read as dots. So {@code kafka.security.protocol}, {@code KAFKA_SASL_JAAS_CONFIG} or
 * {@code kafka.ssl.truststore.location} reach every client, whatever the setting; nothing is a fixed list. Two
 * exceptions: {@code kafka.group.id} is left out (every consumer of this project names its own group, and the clock
 * reads without one), and {@code kafka.tls-configuration-name} (a Quarkus TLS registry entry) also selects Quarkus's
 * SSL engine factory, as Quarkus does for its own clients.
 *
 * <p>A client's own settings go on top ({@link #with}): what makes it correct (acks, idempotence, its group, its
 * timeouts) is never changed by the shared ones.
 */
public final class KafkaClientSettings {

    /** The Quarkus TLS registry entry a client's TLS comes from ({@code kafka.tls-configuration-name}). */
    static final String TLS_CONFIGURATION_NAME = "tls-configuration-name";
    /** What Quarkus sets for {@link #TLS_CONFIGURATION_NAME}: the engine factory that reads the registry. */
    static final String QUARKUS_SSL_ENGINE_FACTORY = "io.quarkus.kafka.client.tls.QuarkusKafkaSslEngineFactory";

    private static final String PREFIX = "kafka";

    private final Map<String, Object> properties;

    private KafkaClientSettings(Map<String, ?> properties) {
        this.properties = Map.copyOf(properties);
    }

    /** Every {@code kafka.*} property of {@code config} (see the class comment). */
    public static KafkaClientSettings of(Config config) {
        Map<String, Object> found = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            String setting = settingOf(name);
            if (setting == null || setting.equals(CommonClientConfigs.GROUP_ID_CONFIG)) {
                continue;
            }
            config.getOptionalValue(name, String.class).filter(value -> !value.isEmpty())
                    .ifPresent(value -> found.put(setting, value));
        }
        Object tls = found.get(TLS_CONFIGURATION_NAME);
        if (tls != null) {
            found.put("ssl.engine.factory.class", QUARKUS_SSL_ENGINE_FACTORY);
        }
        return new KafkaClientSettings(found);
    }

    /** Only the broker addresses: a plaintext broker without authentication (tests, the local run). */
    public static KafkaClientSettings bootstrap(String bootstrapServers) {
        return new KafkaClientSettings(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** These Kafka client settings as they are. */
    public static KafkaClientSettings of(Map<String, ?> properties) {
        return new KafkaClientSettings(properties);
    }

    /**
     * A Kafka client properties file, as Kafka's own command line tools take with {@code --command-config}
     * ({@code security.protocol=SASL_SSL}, {@code sasl.jaas.config=...}, ...).
     */
    public static KafkaClientSettings load(Path file) throws IOException {
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            loaded.load(reader);
        }
        Map<String, Object> properties = new HashMap<>();
        loaded.stringPropertyNames().forEach(name -> properties.put(name, loaded.getProperty(name)));
        return new KafkaClientSettings(properties);
    }

    /** The Kafka client setting a configuration property names, or null when it names none. */
    private static String settingOf(String propertyName) {
        String name = propertyName.toLowerCase(Locale.ROOT);
        if (name.length() <= PREFIX.length() + 1 || !name.startsWith(PREFIX)
                || (name.charAt(PREFIX.length()) != '.' && name.charAt(PREFIX.length()) != '_')) {
            return null;
        }
        String setting = name.substring(PREFIX.length() + 1).replace('_', '.');
        // a Quarkus TLS registry entry is named with dashes, and its environment variable cannot say so
        return setting.equals("tls.configuration.name") ? TLS_CONFIGURATION_NAME : setting;
    }

    /** The shared settings. */
    public Map<String, Object> properties() {
        return properties;
    }

    /** These settings with another address for the brokers (the same security). */
    public KafkaClientSettings withBootstrapServers(String bootstrapServers) {
        Map<String, Object> changed = new HashMap<>(properties);
        changed.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaClientSettings(changed);
    }

    /** The configuration of one client: these settings, with the client's own on top. */
    public Map<String, Object> with(Map<String, ?> own) {
        Map<String, Object> config = new HashMap<>(properties);
        config.putAll(own);
        return config;
    }

    /** The names only: the values may hold credentials. */
    @Override
    public String toString() {
        return "KafkaClientSettings" + new TreeMap<>(properties).keySet();
    }
}
