package io.gfsbackup.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

    static PostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void aRowWrittenInASchemaIsReadBackWithTheSameValues() throws Exception {
        Instant slot = Instant.parse("2026-01-05T07:00:00Z");
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS smoke");
            s.execute("CREATE TABLE smoke.cursor (policy_id text PRIMARY KEY, next_slot timestamptz NOT NULL)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO smoke.cursor VALUES (?, ?)")) {
                insert.setString(1, "orders-gfs");
                insert.setObject(2, slot.atOffset(java.time.ZoneOffset.UTC));
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT policy_id, next_slot FROM smoke.cursor")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("orders-gfs");
                assertThat(rs.getObject(2, java.time.OffsetDateTime.class).toInstant()).isEqualTo(slot);
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void theServerIsARealPostgresql() throws Exception {
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database(), current_setting('server_version_num')::int")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(PostgresServer.DATABASE);
            assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(170000);
        }
        assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
    }
}
