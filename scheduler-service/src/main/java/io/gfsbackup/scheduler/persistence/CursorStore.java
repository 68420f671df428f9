package io.gfsbackup.scheduler.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

/**
 * The cursor of each policy in PostgreSQL ({@code scheduler.policy_cursor}): which of its slots are handled.
 *
 * <p>A slot is handled inside one transaction that holds the cursor's row lock ({@code FOR UPDATE SKIP LOCKED}):
 * the caller's work (send the slot's events and wait for Kafka's acknowledgements) runs under the lock, and the
 * cursor moves to the slot only when the work returned. Another instance that reaches the same policy meanwhile
 * (during a hand-over of partitions) finds the row locked and leaves the slot alone; afterwards it reads the moved
 * cursor. A crash after the send and before the commit leaves the cursor where it was: the slot is sent again, with
 * the same due ids.
 *
 * <p>Plain JDBC on the pool Quarkus configures: one small table, no ORM needed.
 */
public class CursorStore {

    /** Where a policy's scheduling stands. */
    public record Cursor(UUID policyId, Instant startsAt, Instant lastSlot, long policyVersion) {

        /** The first instant whose slot is not handled yet. */
        public Instant firstPending() {
            return lastSlot == null ? startsAt : lastSlot.plusNanos(1);
        }

        public boolean handled(Instant slot) {
            return slot.isBefore(startsAt) || (lastSlot != null && !slot.isAfter(lastSlot));
        }
    }

    /** What happened to a slot handed to {@link #handle}. */
    public enum Outcome {
        /** the work ran and the cursor moved to the slot */
        HANDLED,
        /** the cursor was already at or past the slot: nothing ran */
        ALREADY_HANDLED,
        /** another instance holds the cursor right now: nothing ran; try again later */
        BUSY
    }

    /** The work of one slot, run under the cursor's lock; throwing leaves the cursor where it was. */
    @FunctionalInterface
    public interface SlotWork {
        void run() throws Exception;
    }

    private static final String INSERT = "INSERT INTO policy_cursor (policy_id, starts_at, last_slot, policy_version,"
            + " updated_at) VALUES (?, ?, NULL, ?, ?) ON CONFLICT (policy_id) DO NOTHING";
    private static final String SELECT = "SELECT starts_at, last_slot, policy_version FROM policy_cursor"
            + " WHERE policy_id = ?";
    private static final String LOCK = SELECT + " FOR UPDATE SKIP LOCKED";
    private static final String ADVANCE = "UPDATE policy_cursor SET last_slot = ?, policy_version = ?, updated_at = ?"
            + " WHERE policy_id = ?";
    private static final String DELETE = "DELETE FROM policy_cursor WHERE policy_id = ?";

    private final DataSource dataSource;

    public CursorStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The cursor of a policy, created at {@code startsAt} if the policy has none yet. */
    public Cursor open(UUID policyId, Instant startsAt, long version, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setObject(1, policyId);
                insert.setObject(2, timestamp(startsAt));
                insert.setLong(3, version);
                insert.setObject(4, timestamp(now));
                insert.executeUpdate();
            }
            return read(connection, policyId, SELECT).orElseThrow(
                    () -> new IllegalStateException("the cursor of policy " + policyId + " vanished"));
        } catch (SQLException e) {
            throw new CursorStoreException("could not open the cursor of policy " + policyId, e);
        }
    }

    /**
     * Runs {@code work} for {@code slot} of a policy under the cursor's lock and moves the cursor to the slot; see
     * the class comment. The cursor must exist ({@link #open}).
     */
    public Outcome handle(UUID policyId, Instant slot, long version, Instant now, SlotWork work) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<Cursor> locked = read(connection, policyId, LOCK);
                if (locked.isEmpty()) {
                    connection.rollback();
                    return Outcome.BUSY;
                }
                if (locked.get().handled(slot)) {
                    connection.rollback();
                    return Outcome.ALREADY_HANDLED;
                }
                work.run();
                try (PreparedStatement advance = connection.prepareStatement(ADVANCE)) {
                    advance.setObject(1, timestamp(slot));
                    advance.setLong(2, version);
                    advance.setObject(3, timestamp(now));
                    advance.setObject(4, policyId);
                    advance.executeUpdate();
                }
                connection.commit();
                return Outcome.HANDLED;
            } catch (Exception e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw new CursorStoreException("could not move the cursor of policy " + policyId + " to " + slot, e);
        }
    }

    public Optional<Cursor> find(UUID policyId) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return read(connection, policyId, SELECT);
        } catch (SQLException e) {
            throw new CursorStoreException("could not read the cursor of policy " + policyId, e);
        }
    }

    /** Forgets a deleted policy's cursor. */
    public void delete(UUID policyId) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                delete.setObject(1, policyId);
                delete.executeUpdate();
            }
        } catch (SQLException e) {
            throw new CursorStoreException("could not delete the cursor of policy " + policyId, e);
        }
    }

    private static Optional<Cursor> read(Connection connection, UUID policyId, String sql) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, policyId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                OffsetDateTime lastSlot = row.getObject(2, OffsetDateTime.class);
                return Optional.of(new Cursor(policyId, row.getObject(1, OffsetDateTime.class).toInstant(),
                        lastSlot == null ? null : lastSlot.toInstant(), row.getLong(3)));
            }
        }
    }

    /** PostgreSQL keeps microseconds: truncate rather than let the driver round up past a slot. */
    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it and the transaction dies with it
        }
    }
}
