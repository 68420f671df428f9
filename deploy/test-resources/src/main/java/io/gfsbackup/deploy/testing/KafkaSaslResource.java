package io.gfsbackup.deploy.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.acl.AclBinding;

import io.gfsbackup.deploy.infra.KafkaAcls;
import io.gfsbackup.deploy.infra.KafkaBroker;
import io.gfsbackup.deploy.infra.Topology;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Kafka broker of the test's own, secured as production's should be: every client authenticates (SASL/PLAIN) and
 * each service's user may do only what docs/operations.md grants it ({@link KafkaAcls}); every user may follow the
 * clock, and {@link #CLOCK_DRIVER} may move it. The application connects as the user named by the init argument
 * {@code user}, through the standard {@code kafka.*} settings ({@code kafka.security.protocol},
 * {@code kafka.sasl.mechanism}, {@code kafka.sasl.jaas.config}). The test's own clients act as the other services
 * with {@link #clientSettings}. Use it with a {@code QuarkusTestProfile} so that no other test shares this broker.
 */
public class KafkaSaslResource implements QuarkusTestResourceLifecycleManager {

    public static final String POLICY_SERVICE = "policy-service";
    public static final String SCHEDULER = "scheduler";
    public static final String WORKER = "backup-worker";
    public static final String RETENTION_SERVICE = "retention-service";
    public static final String OPERATIONS_SERVICE = "operations-service";
    public static final String CLOCK_DRIVER = "clock-driver";

    private static final List<String> USERS = List.of(POLICY_SERVICE, SCHEDULER, WORKER, RETENTION_SERVICE,
            OPERATIONS_SERVICE, CLOCK_DRIVER);

    private String user;
    private KafkaBroker broker;

    @Override
    public void init(Map<String, String> args) {
        user = args.get("user");
        if (!USERS.contains(user)) {
            throw new IllegalArgumentException("init argument user=" + user + " is none of " + USERS);
        }
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> passwords = new HashMap<>();
        USERS.forEach(name -> passwords.put(name, password(name)));
        broker = KafkaBroker.startWithSasl(passwords);
        broker.createTopics(Topology.topics());
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(KafkaAcls.policyService(POLICY_SERVICE));
        acls.addAll(KafkaAcls.scheduler(SCHEDULER));
        acls.addAll(KafkaAcls.worker(WORKER));
        acls.addAll(KafkaAcls.retentionService(RETENTION_SERVICE));
        acls.addAll(KafkaAcls.operationsService(OPERATIONS_SERVICE));
        USERS.forEach(name -> acls.addAll(KafkaAcls.clockReader(name)));
        acls.addAll(KafkaAcls.clockDriver(CLOCK_DRIVER));
        broker.grant(acls);
        Map<String, String> config = new HashMap<>();
        broker.clientSettings(user).forEach((name, value) -> config.put("kafka." + name, value.toString()));
        return config;
    }

    /** The client settings of {@code user} (one of this resource's) on the broker at {@code bootstrapServers}. */
    public static Map<String, Object> clientSettings(String bootstrapServers, String user) {
        return KafkaBroker.saslClientSettings(bootstrapServers, user, password(user));
    }

    private static String password(String user) {
        return user + "-secret";
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
