package io.gfsbackup.deploy.testing;

import java.util.Map;

import io.gfsbackup.deploy.infra.KafkaBroker;
import io.gfsbackup.deploy.infra.Topology;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Kafka broker of the test's own that the test can cut off from the application and connect again with
 * {@link KafkaOutage}; it keeps its records meanwhile. For proving that a service loses nothing while the broker is
 * unreachable. Use it with a {@code QuarkusTestProfile} so that no other test shares this broker.
 */
public class KafkaOutageResource implements QuarkusTestResourceLifecycleManager {

    private KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        broker = KafkaBroker.startBehindProxy();
        broker.createTopics(Topology.topics());
        KafkaOutage.register(broker::disconnect, broker::reconnect);
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void stop() {
        KafkaOutage.unregister();
        broker.close();
    }
}
