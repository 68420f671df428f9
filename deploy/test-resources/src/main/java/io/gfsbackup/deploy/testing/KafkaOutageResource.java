package io.gfsbackup.deploy.testing;

import java.util.Map;

import io.gfsbackup.deploy.infra.FreePorts;
import io.gfsbackup.deploy.infra.KafkaBroker;
import io.gfsbackup.deploy.infra.Topology;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Kafka broker of the test's own, on a fixed port, that the test can take away and give back with
 * {@link KafkaOutage}: for proving that a service loses nothing while the broker is down. Use it with a
 * {@code QuarkusTestProfile} so that no other test shares this broker.
 */
public class KafkaOutageResource implements QuarkusTestResourceLifecycleManager {

    private int port;
    private KafkaBroker broker;

    @Override
    public synchronized Map<String, String> start() {
        port = FreePorts.find();
        broker = KafkaBroker.start(port);
        broker.createTopics(Topology.topics());
        KafkaOutage.register(this::stopBroker, this::startBroker);
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    private synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    private synchronized void startBroker() {
        if (broker == null) {
            broker = KafkaBroker.start(port);
            broker.createTopics(Topology.topics());
        }
    }

    @Override
    public void stop() {
        stopBroker();
        KafkaOutage.unregister();
    }
}
