package io.gfsbackup.retention.command;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * Work that one instance of the service does at a time, however many run against the database: a PostgreSQL session
 * advisory lock, tried on a connection of its own and held while the work runs. Another instance that finds it held
 * skips the work (its next turn tries again); the lock goes with its holder's session, so an instance killed while
 * holding it holds it no more.
 */
@ApplicationScoped
public class LeaderLock {

    /** The passes over the due chains ({@link DueChainPoller}): chains advanced and the clock guard's turn. */
    public static final long CHAIN_PASSES = 0x6766_732d_7061_7373L;

    private static final Logger LOG = Logger.getLogger(LeaderLock.class);

    @Inject
    DataSource dataSource;

    /** Runs {@code work} holding lock {@code key} and returns its result; empty when another session holds it. */
    public <T> Optional<T> ifFree(long key, Supplier<T> work) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            if (!call(connection, "SELECT pg_try_advisory_lock(?)", key)) {
                connection.close();
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not try the advisory lock " + key, e);
        }
        try {
            return Optional.ofNullable(work.get());
        } finally {
            try (connection) {
                call(connection, "SELECT pg_advisory_unlock(?)", key);
            } catch (SQLException e) {
                LOG.warnf("could not release the advisory lock %d (%s); it goes with the session", key,
                        e.getMessage());
            }
        }
    }

    private static boolean call(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
