package io.gfsbackup.retention.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.gfsbackup.deploy.infra.PostgresServer;

/** The schema migrations, applied as a running deployment meets them: on top of the data it already has. */
class MigrationsTest {

    @Test
    void theRenamedPublisherKeepsItsTokenSoItDoesNotPublishEveryDecisionAgain() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            migrate(postgres, "2");
            try (Connection connection = postgres.connect(); Statement sql = connection.createStatement()) {
                sql.execute("INSERT INTO retention.token_entry (processor_name, segment, token, token_type, "
                        + "timestamp, owner) VALUES ('retention-commands-publisher', 0, '{\"index\":41}'::bytea, "
                        + "'org.axonframework.eventhandling.GlobalSequenceTrackingToken', '2026-11-30T00:00:00Z', "
                        + "null)");
            }

            migrate(postgres, "latest");

            try (Connection connection = postgres.connect(); Statement sql = connection.createStatement();
                 ResultSet tokens = sql.executeQuery("SELECT processor_name, convert_from(token, 'UTF8') "
                         + "FROM retention.token_entry")) {
                assertThat(tokens.next()).isTrue();
                assertThat(tokens.getString(1)).isEqualTo("retention-events-publisher");
                assertThat(tokens.getString(2)).isEqualTo("{\"index\":41}");
                assertThat(tokens.next()).isFalse();
            }
        }
    }

    private static void migrate(PostgresServer postgres, String target) {
        Flyway.configure().dataSource(postgres.jdbcUrl(), postgres.username(), null)
                .schemas("retention").defaultSchema("retention").locations("classpath:db/migration")
                .target(target).load().migrate();
    }
}
