package io.gfsbackup.deploy.local;

import java.nio.file.Path;

/** The five services, their modules and default HTTP ports. */
public enum Service {
    POLICY("policy-service", 8081),
    SCHEDULER("scheduler-service", 8082),
    WORKER("backup-worker", 8083),
    RETENTION("retention-service", 8084),
    OPERATIONS("operations-service", 8085);

    private final String module;
    private final int defaultPort;

    Service(String module, int defaultPort) {
        this.module = module;
        this.defaultPort = defaultPort;
    }

    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The packaged application that {@code mvn package} builds for this service. */
    public Path jar(Path repositoryRoot) {
        return repositoryRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * The port for this service: the environment variable {@code <MODULE>_PORT} (for example
     * {@code POLICY_SERVICE_PORT}) or else the default.
     */
    public int port() {
        String configured = System.getenv(module.toUpperCase().replace('-', '_') + "_PORT");
        return configured == null || configured.isBlank() ? defaultPort : Integer.parseInt(configured.trim());
    }
}
