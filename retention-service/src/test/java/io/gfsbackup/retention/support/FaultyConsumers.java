package io.gfsbackup.retention.support;

import java.util.Map;

import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.gfsbackup.deploy.testing.CommitFaults;
import io.gfsbackup.messaging.ConsumerFactory;

/**
 * The retention consumer's maker in tests: Kafka's own, unless a test profile sets {@code gfs.test.commit-faults},
 * and then consumers whose next commit {@link #FAULTS} can make fail.
 */
@Singleton
public class FaultyConsumers implements ConsumerFactory {

    public static final CommitFaults FAULTS = new CommitFaults();

    @ConfigProperty(name = "gfs.test.commit-faults", defaultValue = "false")
    boolean faults;

    @Override
    public Consumer<String, String> apply(Map<String, Object> config) {
        return faults ? FAULTS.apply(config) : ConsumerFactory.standard().apply(config);
    }
}
