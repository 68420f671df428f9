package io.gfsbackup.retention.query;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The consumer's read-model rows of a whole batch of messages, in plain JDBC batches on the connection of the
 * current JTA transaction: which messages were handled already ({@code handled_message}), and the new rows of
 * {@code handled_message} and {@code restore_point}. One statement per table and batch instead of one entity per
 * message; the rows commit or roll back with the batch's events.
 */
@ApplicationScoped
public class BatchWrites {

    @Inject
    DataSource dataSource;

    /** A message handled now. */
    public record Handled(UUID messageId, String messageType, Instant handledAt) {
    }

    /** The backup of a new restore point. */
    public record Point(UUID chainId, Instant slot, String backupArn, String backupName) {
    }

    /** The ids among {@code messageIds} that an earlier transaction handled. */
    public Set<UUID> handledAmong(List<UUID> messageIds) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT message_id FROM handled_message WHERE message_id = ANY (?)")) {
            Array ids = connection.createArrayOf("uuid", messageIds.toArray());
            statement.setArray(1, ids);
            Set<UUID> handled = new HashSet<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    handled.add(result.getObject(1, UUID.class));
                }
            }
            return handled;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the handled messages", e);
        }
    }

    public void insert(List<Handled> handled, List<Point> points) {
        try (Connection connection = dataSource.getConnection()) {
            if (!handled.isEmpty()) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO handled_message (message_id, message_type, handled_at) VALUES (?, ?, ?)")) {
                    for (Handled row : handled) {
                        statement.setObject(1, row.messageId());
                        statement.setString(2, row.messageType());
                        statement.setTimestamp(3, Timestamp.from(row.handledAt()));
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
            }
            if (!points.isEmpty()) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "INSERT INTO restore_point (chain_id, slot, backup_arn, backup_name) VALUES (?, ?, ?, ?)")) {
                    for (Point row : points) {
                        statement.setObject(1, row.chainId());
                        statement.setTimestamp(2, Timestamp.from(row.slot()));
                        statement.setString(3, row.backupArn());
                        statement.setString(4, row.backupName());
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the read models of a batch", e);
        }
    }
}
