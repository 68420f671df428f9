package io.gfsbackup.deploy.testing;

import io.gfsbackup.deploy.infra.JwtIssuer;
import io.gfsbackup.deploy.infra.KafkaBroker;
import io.gfsbackup.deploy.infra.MotoServer;
import io.gfsbackup.deploy.infra.PostgresServer;
import io.gfsbackup.deploy.infra.Topology;

/**
 * The real servers of one test JVM, each started on first use and stopped when the JVM exits. Sharing them
 * keeps a module's test run to one broker, one database and one moto however often Quarkus restarts the
 * application; tests keep out of each other's way with their own names (topics, tables, policy names) rather
 * than fresh servers.
 *
 * <p>Tests reach the servers through the configuration the resources give the application (for example
 * {@code @ConfigProperty(name = "kafka.bootstrap.servers")}), not through this class: Quarkus may load a test
 * class with another class loader than its test resources.
 */
public final class SharedInfrastructure {

    private static final String JWT_KEYS_PROPERTY = "gfs.test.jwt.keys";

    private static KafkaBroker kafka;
    private static PostgresServer postgres;
    private static MotoServer moto;
    private static JwtIssuer jwt;

    private SharedInfrastructure() {
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.start();
            kafka.createTopics(Topology.topics());
            onExit(kafka);
        }
        return kafka;
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = PostgresServer.start();
            onExit(postgres);
        }
        return postgres;
    }

    public static synchronized MotoServer moto() {
        if (moto == null) {
            moto = MotoServer.start();
            onExit(moto);
        }
        return moto;
    }

    /**
     * The test token issuer. Its key pair is kept in a system property so that every class loader of the test JVM
     * (Quarkus loads tests and test resources apart) signs and verifies with the same key.
     */
    public static synchronized JwtIssuer jwt() {
        if (jwt == null) {
            String encoded = System.getProperty(JWT_KEYS_PROPERTY);
            if (encoded == null) {
                jwt = new JwtIssuer();
                System.setProperty(JWT_KEYS_PROPERTY, jwt.encoded());
            } else {
                jwt = JwtIssuer.fromEncoded(encoded);
            }
        }
        return jwt;
    }

    /** Each server stops in a shutdown hook of its own; the JVM runs them in parallel. */
    private static void onExit(AutoCloseable server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("could not stop " + server.getClass().getSimpleName() + ": " + e);
            }
        }, "stop-" + server.getClass().getSimpleName()));
    }
}
