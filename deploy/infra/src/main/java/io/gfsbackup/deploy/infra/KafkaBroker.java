package io.gfsbackup.deploy.infra;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real, single-node Apache Kafka broker in KRaft mode (combined broker and controller), running in this JVM
 * and listening on a free loopback port. It is Apache Kafka's own cluster test kit from Maven Central, the
 * same broker code as a production install; the only differences are a replication factor of 1 and a
 * temporary log directory that is deleted on {@link #close()}.
 *
 * <p>While the JVM stops, the test kit deletes the broker's directories from a shutdown hook of Kafka's own; the
 * still running broker then fails and asks to halt the JVM ({@code Exit.halt}), which would end it before the
 * other shutdown hooks have stopped their child processes (the local run's services, moto), leaving them running.
 * A JVM that runs this broker therefore never halts on Kafka's request: the request is reported on standard
 * error, and the JVM stops normally.
 */
public final class KafkaBroker implements AutoCloseable {

    static {
        Exit.setHaltProcedure((status, message) -> System.err.println("the in-process Kafka broker asked to halt "
                + "the JVM (status " + status + (message == null ? "" : ", " + message) + "); it stops normally"));
    }

    private final KafkaClusterTestKit cluster;
    private final TcpProxy proxy;

    private KafkaBroker(KafkaClusterTestKit cluster, TcpProxy proxy) {
        this.cluster = cluster;
        this.proxy = proxy;
    }

    /** Formats a fresh log directory, starts the broker and waits until it accepts clients (about 3 s). */
    public static KafkaBroker start() {
        return start(Map.of(), null);
    }

    /**
     * A broker that clients reach through a {@link TcpProxy}: it advertises the proxy's port, so that
     * {@link #disconnect()} and {@link #reconnect()} take it away from every client and give it back, with its
     * topics and records intact, as a network failure would.
     */
    public static KafkaBroker startBehindProxy() {
        TcpProxy proxy = TcpProxy.open();
        return start(Map.of("advertised.listeners", "EXTERNAL://localhost:" + proxy.port()), proxy);
    }

    private static KafkaBroker start(Map<String, String> nodeOverrides, TcpProxy proxy) {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setPerServerProperties(Map.of(0, nodeOverrides))
                    .build();
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                    // one node: every internal topic has a single replica
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "5")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setDeleteOnClose(true)
                    .build();
            cluster.format();
            cluster.startup();
            if (proxy != null) {
                proxy.forwardTo(cluster.brokers().get(0).socketServer().boundPort(nodes.brokerListenerName()));
            }
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster, proxy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while starting the Kafka broker", e);
        } catch (Exception e) {
            throw new InfrastructureException("could not start the Kafka broker", e);
        }
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return proxy == null ? cluster.bootstrapServers() : "localhost:" + proxy.port();
    }

    /** Cuts every client off the broker ({@link #startBehindProxy()} only). */
    public void disconnect() {
        requireProxy().cut();
    }

    /** Lets clients reach the broker again ({@link #startBehindProxy()} only). */
    public void reconnect() {
        requireProxy().restore();
    }

    private TcpProxy requireProxy() {
        if (proxy == null) {
            throw new IllegalStateException("this broker was not started behind a proxy");
        }
        return proxy;
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public void createTopics(Collection<TopicSpec> topics) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(KafkaBroker::newTopic)
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new InfrastructureException("could not create topics " + topics, e.getCause());
        }
    }

    /** An admin client on this broker; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    private static NewTopic newTopic(TopicSpec spec) {
        NewTopic topic = new NewTopic(spec.name(), spec.partitions(), (short) 1);
        if (spec.compacted()) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }

    @Override
    public void close() {
        try {
            if (proxy != null) {
                proxy.close();
            }
            cluster.close();
        } catch (Exception e) {
            throw new InfrastructureException("could not stop the Kafka broker cleanly", e);
        }
    }

    /** A topic to create: its name, partition count and whether it is log-compacted. */
    public record TopicSpec(String name, int partitions, boolean compacted) {
    }
}
