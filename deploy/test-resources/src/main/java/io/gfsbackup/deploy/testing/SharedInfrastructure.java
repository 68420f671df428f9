package io.gfsbackup.deploy.testing;

import io.gfsbackup.deploy.infra.JwtIssuer;
import io.gfsbackup.deploy.infra.KafkaBroker;
import io.gfsbackup.deploy.infra.MotoServer;
import io.gfsbackup.deploy.infra.PostgresServer;

/**
 * The real servers of one test JVM, each started on first use and stopped when the JVM exits. Sharing them
 * keeps a module's test run to one broker, one database and one moto however often Quarkus restarts the
 * application; tests keep out of each other's way with their own names (topics, tables, policy names) rather
 * than fresh servers.
 */
public final class SharedInfrastructure {

    private static KafkaBroker kafka;
    private static PostgresServer postgres;
    private static MotoServer moto;
    private static JwtIssuer jwt;

    private SharedInfrastructure() {
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.start();
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

    public static synchronized JwtIssuer jwt() {
        if (jwt == null) {
            jwt = new JwtIssuer();
        }
        return jwt;
    }

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
