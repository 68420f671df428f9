package io.gfsbackup.deploy.infra;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real, single-node Apache Kafka broker in KRaft mode (combined broker and controller), running in this JVM
 * and listening on a free loopback port. It is Apache Kafka's own cluster test kit from Maven Central, the
 * same broker code as a production install; the only differences are a replication factor of 1 and a
 * temporary log directory that is deleted on {@link #close()}.
 *
 * <p>{@link #startWithSasl} starts it secured as a production broker should be: clients authenticate (SASL/PLAIN) and
 * may do only what an ACL allows them.
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

    /** The super user of a broker started with {@link #startWithSasl}: it creates topics and grants ACLs. */
    public static final String ADMIN = "admin";

    private final KafkaClusterTestKit cluster;
    private final TcpProxy proxy;
    /** User names and passwords of a SASL broker; empty for a broker without authentication. */
    private final Map<String, String> users;

    private KafkaBroker(KafkaClusterTestKit cluster, TcpProxy proxy, Map<String, String> users) {
        this.cluster = cluster;
        this.proxy = proxy;
        this.users = users;
    }

    /** Formats a fresh log directory, starts the broker and waits until it accepts clients (about 3 s). */
    public static KafkaBroker start() {
        return start(Map.of(), null, Map.of());
    }

    /**
     * A broker that clients reach through a {@link TcpProxy}: it advertises the proxy's port, so that
     * {@link #disconnect()} and {@link #reconnect()} take it away from every client and give it back, with its
     * topics and records intact, as a network failure would.
     */
    public static KafkaBroker startBehindProxy() {
        TcpProxy proxy = TcpProxy.open();
        return start(Map.of("advertised.listeners", "EXTERNAL://localhost:" + proxy.port()), proxy, Map.of());
    }

    /**
     * A broker whose listeners want SASL/PLAIN over plaintext ({@code SASL_PLAINTEXT}) from every client, and that
     * lets a user do only what an ACL allows ({@code allow.everyone.if.no.acl.found=false}): the production setup,
     * short of TLS. {@code users} are the user names and their passwords; {@link #ADMIN} is added as the super user
     * that {@link #admin()} and {@link #createTopics} use, and the broker itself uses between its listeners.
     * {@link #clientSettings(String)} gives a user's client settings; {@link #grant} its ACLs.
     */
    public static KafkaBroker startWithSasl(Map<String, String> users) {
        Map<String, String> all = new TreeMap<>(users);
        all.put(ADMIN, UUID.randomUUID().toString());
        return start(Map.of(), null, Map.copyOf(all));
    }

    /**
     * Starts a broker; a start that fails is tried again on fresh directories, at most three times: on a loaded
     * machine the test kit's combined node sometimes gives up waiting for its own controller.
     */
    private static KafkaBroker start(Map<String, String> nodeOverrides, TcpProxy proxy, Map<String, String> users) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(nodeOverrides, proxy, users);
            } catch (InfrastructureException e) {
                if (attempt == 3 || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                System.err.println("the Kafka broker did not start (" + e.getCause() + "); trying again");
            }
        }
    }

    private static KafkaBroker startOnce(Map<String, String> nodeOverrides, TcpProxy proxy, Map<String, String> users) {
        KafkaClusterTestKit started = null;
        try {
            TestKitNodes.Builder nodesBuilder = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setPerServerProperties(Map.of(0, nodeOverrides));
            if (!users.isEmpty()) {
                nodesBuilder.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                        .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT);
            }
            TestKitNodes nodes = nodesBuilder.build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    // one node: every internal topic has a single replica
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "5")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setDeleteOnClose(true);
            if (!users.isEmpty()) {
                secure(builder, nodes, users);
            }
            KafkaClusterTestKit cluster = builder.build();
            started = cluster;
            cluster.format();
            cluster.startup();
            if (proxy != null) {
                proxy.forwardTo(cluster.brokers().get(0).socketServer().boundPort(nodes.brokerListenerName()));
            }
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster, proxy, users);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while starting the Kafka broker", e);
        } catch (Exception e) {
            closeQuietly(started);
            throw new InfrastructureException("could not start the Kafka broker", e);
        }
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception ignored) {
            // it did not start: what is left of it goes with its directories
        }
    }

    /**
     * SASL/PLAIN on both listeners with the given users, and every request authorized by ACLs. Each listener has its
     * own login configuration, which also holds the credentials the broker uses to reach its own listeners.
     */
    private static void secure(KafkaClusterTestKit.Builder builder, TestKitNodes nodes, Map<String, String> users) {
        StringBuilder jaas = new StringBuilder(PlainLoginModule.class.getName()).append(" required")
                .append(" username=\"").append(ADMIN).append("\" password=\"").append(users.get(ADMIN)).append('"');
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password)
                .append('"'));
        jaas.append(';');
        for (ListenerName listener : List.of(nodes.brokerListenerName(), nodes.controllerListenerName())) {
            builder.setConfigProp(listener.saslMechanismConfigPrefix("PLAIN") + SaslConfigs.SASL_JAAS_CONFIG,
                    jaas.toString());
        }
        builder.setConfigProp("sasl.enabled.mechanisms", "PLAIN")
                .setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .setConfigProp("sasl.mechanism.controller.protocol", "PLAIN")
                .setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .setConfigProp("allow.everyone.if.no.acl.found", "false")
                .setConfigProp("super.users", "User:" + ADMIN);
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

    /** An admin client on this broker (as {@link #ADMIN} on a SASL broker); the caller closes it. */
    public Admin admin() {
        return Admin.create(users.isEmpty() ? Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers())
                : clientSettings(ADMIN));
    }

    /**
     * The Kafka client settings of {@code user} on this SASL broker: {@code bootstrap.servers},
     * {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config}.
     */
    public Map<String, Object> clientSettings(String user) {
        String password = users.get(user);
        if (password == null) {
            throw new IllegalArgumentException(user + " is not a user of this broker; its users are " + users.keySet());
        }
        return saslClientSettings(bootstrapServers(), user, password);
    }

    /** The Kafka client settings of a user with a password on a broker started with {@link #startWithSasl}. */
    public static Map<String, Object> saslClientSettings(String bootstrapServers, String user, String password) {
        return Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name,
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, PlainLoginModule.class.getName() + " required username=\"" + user
                        + "\" password=\"" + password + "\";");
    }

    /** Creates the ACLs (a SASL broker allows nothing without one). */
    public void grant(Collection<AclBinding> acls) {
        try (Admin admin = admin()) {
            admin.createAcls(acls).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while creating ACLs", e);
        } catch (ExecutionException e) {
            throw new InfrastructureException("could not create the ACLs " + acls, e.getCause());
        }
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
