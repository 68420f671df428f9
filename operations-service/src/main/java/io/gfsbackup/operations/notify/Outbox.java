package io.gfsbackup.operations.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.operations.notify.channel.ChannelType;

/**
 * The notifications to deliver, in PostgreSQL: written by the decider in the transaction that decides them, one row
 * per idempotency key, delivered by the {@link Dispatcher}, listed for operators.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    DataSource dataSource;

    /**
     * The idempotency key of a notification: a name-based UUID of the rule, event, policy and scope (the slot, the
     * expiry, the gap's period end, the pause, or the digest's local day), so deciding it again makes the same key.
     */
    public static UUID key(UUID ruleId, NotificationEvent event, UUID policyId, String scope) {
        return Ids.nameBased("notification", ruleId, event, policyId, scope);
    }

    /**
     * Adds {@code notification} for {@code ruleId} on {@code connection}, in the caller's transaction; does nothing
     * when a row with its key exists. Returns whether it added one.
     */
    static boolean add(Connection connection, UUID ruleId, Notification notification, Instant decidedAt,
                       Instant wallNow) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO notification_outbox (id, rule_id,"
                + " event, policy_id, scope_at, payload, state, attempts, decided_at, created_at, next_attempt_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            int i = 0;
            insert.setObject(++i, UUID.fromString(notification.idempotencyKey()));
            insert.setObject(++i, ruleId);
            insert.setString(++i, notification.event().name());
            insert.setObject(++i, notification.policyId());
            insert.setTimestamp(++i, notification.slot() == null ? null : Timestamp.from(notification.slot()));
            insert.setString(++i, write(notification));
            insert.setTimestamp(++i, Timestamp.from(decidedAt));
            insert.setTimestamp(++i, Timestamp.from(wallNow));
            insert.setTimestamp(++i, Timestamp.from(wallNow));
            return insert.executeUpdate() == 1;
        }
    }

    /** A filter of the deliveries list; null parts do not filter. */
    public record Query(UUID ruleId, UUID policyId, NotificationEvent event, DeliveryState state, int limit) {
    }

    /**
     * One notification as operators see it: what it says and how its delivery went. Never a secret: the rule's
     * channel only by its type, and errors were cleared of the channel's secrets before they were stored.
     */
    public record Delivery(UUID idempotencyKey, UUID ruleId, String ruleName, ChannelType channel,
                           NotificationEvent event, UUID policyId, String policyName, Instant slot, String subject,
                           List<Notification.TableLine> tables, DeliveryState state, int attempts, String lastError,
                           Instant decidedAt, Instant createdAt, Instant lastAttemptAt, Instant nextAttemptAt,
                           Instant deliveredAt) {
    }

    /** The newest notifications first. */
    public List<Delivery> list(Query query) {
        StringBuilder sql = new StringBuilder("SELECT o.*, r.name AS rule_name, r.channel FROM notification_outbox o"
                + " LEFT JOIN notification_rule r ON r.id = o.rule_id WHERE true");
        List<Object> values = new ArrayList<>();
        if (query.ruleId() != null) {
            sql.append(" AND o.rule_id = ?");
            values.add(query.ruleId());
        }
        if (query.policyId() != null) {
            sql.append(" AND o.policy_id = ?");
            values.add(query.policyId());
        }
        if (query.event() != null) {
            sql.append(" AND o.event = ?");
            values.add(query.event().name());
        }
        if (query.state() != null) {
            sql.append(" AND o.state = ?");
            values.add(query.state().name());
        }
        sql.append(" ORDER BY o.created_at DESC, o.id LIMIT ?");
        values.add(query.limit());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                select.setObject(i + 1, values.get(i));
            }
            List<Delivery> deliveries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    deliveries.add(delivery(rows));
                }
            }
            return deliveries;
        } catch (SQLException e) {
            throw new IllegalStateException("the notifications could not be read: " + e.getMessage(), e);
        }
    }

    private static Delivery delivery(ResultSet rows) throws SQLException {
        Notification notification = read(rows.getString("payload"));
        String channel = rows.getString("channel");
        return new Delivery((UUID) rows.getObject("id"), (UUID) rows.getObject("rule_id"),
                rows.getString("rule_name"), channel == null ? null : RuleJson.storedChannel(channel).type(),
                NotificationEvent.valueOf(rows.getString("event")), (UUID) rows.getObject("policy_id"),
                notification.policyName(), notification.slot(), notification.subject(), notification.tables(),
                DeliveryState.valueOf(rows.getString("state")), rows.getInt("attempts"), rows.getString("last_error"),
                instant(rows, "decided_at"), instant(rows, "created_at"), instant(rows, "last_attempt_at"),
                instant(rows, "next_attempt_at"), instant(rows, "delivered_at"));
    }

    static String write(Notification notification) {
        try {
            return Json.mapper().writeValueAsString(notification);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification could not be written as JSON", e);
        }
    }

    static Notification read(String payload) {
        try {
            return Json.mapper().readValue(payload, Notification.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored notification is not readable: " + e.getMessage(), e);
        }
    }

    static Instant instant(ResultSet rows, String column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
