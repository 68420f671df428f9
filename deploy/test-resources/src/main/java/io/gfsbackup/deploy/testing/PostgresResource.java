package io.gfsbackup.deploy.testing;

import java.util.Map;

import io.gfsbackup.deploy.infra.PostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real PostgreSQL for a {@code @QuarkusTest}: {@code @WithTestResource(PostgresResource.class)}. The service's
 * own configuration names its schema.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        PostgresServer postgres = SharedInfrastructure.postgres();
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", postgres.username());
    }

    @Override
    public void stop() {
        // the server lives as long as the test JVM; see SharedInfrastructure
    }
}
