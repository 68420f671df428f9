package io.gfsbackup.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

/** The service's {@link KafkaClientSettings}, read once from its configuration: inject {@code KafkaClientSettings}. */
@ApplicationScoped
public class KafkaClientSettingsProducer {

    @Produces
    @Singleton
    KafkaClientSettings settings(Config config) {
        return KafkaClientSettings.of(config);
    }
}
