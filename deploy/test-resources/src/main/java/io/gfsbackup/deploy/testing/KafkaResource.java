package io.gfsbackup.deploy.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real Kafka broker for a {@code @QuarkusTest}: {@code @WithTestResource(KafkaResource.class)}. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", SharedInfrastructure.kafka().bootstrapServers());
    }

    @Override
    public void stop() {
        // the broker lives as long as the test JVM; see SharedInfrastructure
    }
}
