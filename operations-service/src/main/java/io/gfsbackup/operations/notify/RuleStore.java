package io.gfsbackup.operations.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.gfsbackup.contracts.policy.Violation;
import io.gfsbackup.operations.notify.NotificationRule.DigestTime;
import io.gfsbackup.operations.notify.NotificationRule.Draft;
import io.gfsbackup.operations.notify.channel.ChannelSettings;
import io.gfsbackup.operations.notify.channel.Channels;
import io.gfsbackup.operations.sql.Sql;

/**
 * The notification rules in PostgreSQL. Every change locks the rule's row and makes a new version; a write that
 * names a version ({@code If-Match}) is refused when the rule has moved on. Deleting a rule cancels its notifications
 * not delivered yet (their channel is gone with it).
 */
@ApplicationScoped
public class RuleStore {

    private static final String COLUMNS = "id, version, name, enabled, events, policies, channel, digest_hour,"
            + " digest_zone, created_at, created_by, updated_at, updated_by";
    private static final String UNIQUE_VIOLATION = "23505";

    @Inject
    DataSource dataSource;

    @Inject
    Channels channels;

    /** Every rule, by name. */
    public List<NotificationRule> list() {
        return read("SELECT " + COLUMNS + " FROM notification_rule ORDER BY name, id");
    }

    /** The rules that are enabled. */
    public List<NotificationRule> enabled() {
        return read("SELECT " + COLUMNS + " FROM notification_rule WHERE enabled ORDER BY id");
    }

    public Optional<NotificationRule> find(UUID id) {
        return read("SELECT " + COLUMNS + " FROM notification_rule WHERE id = ?", id).stream().findFirst();
    }

    public NotificationRule create(Draft draft, String actor, Instant now) {
        if (draft.keepSecret()) {
            throw new IllegalArgumentException("a new rule has no secret to keep");
        }
        deliverable(draft.channel());
        NotificationRule rule = new NotificationRule(UUID.randomUUID(), 1, draft.name(), draft.enabled(),
                draft.events(), draft.policies(), draft.channel(), draft.digest(), now, actor, now, actor);
        return inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO notification_rule (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(insert, rule);
                insert.executeUpdate();
            }
            return rule;
        }, draft.name());
    }

    /**
     * Replaces rule {@code id} by {@code draft}, keeping its stored secret when the draft says so.
     *
     * @param expected the version the caller last read; empty for whatever is current
     */
    public NotificationRule replace(UUID id, Draft draft, OptionalLong expected, String actor, Instant now) {
        return inTransaction(connection -> {
            NotificationRule current = locked(connection, id, expected);
            ChannelSettings channel = draft.keepSecret() ? keepSecret(draft.channel(), current.channel())
                    : draft.channel();
            deliverable(channel);
            NotificationRule rule = new NotificationRule(id, current.version() + 1, draft.name(), draft.enabled(),
                    draft.events(), draft.policies(), channel, draft.digest(), current.createdAt(),
                    current.createdBy(), now, actor);
            try (PreparedStatement update = connection.prepareStatement("UPDATE notification_rule SET version = ?,"
                    + " name = ?, enabled = ?, events = ?, policies = ?, channel = ?, digest_hour = ?,"
                    + " digest_zone = ?, updated_at = ?, updated_by = ? WHERE id = ?")) {
                int i = 0;
                update.setLong(++i, rule.version());
                update.setString(++i, rule.name());
                update.setBoolean(++i, rule.enabled());
                update.setString(++i, events(rule.events()));
                update.setString(++i, policies(rule.policies()));
                update.setString(++i, RuleJson.stored(rule.channel()));
                digest(update, i, rule.digest());
                i += 2;
                update.setTimestamp(++i, Timestamp.from(now));
                update.setString(++i, actor);
                update.setObject(++i, id);
                update.executeUpdate();
            }
            return rule;
        }, draft.name());
    }

    /** Deletes rule {@code id} and cancels its notifications not delivered yet. */
    public void delete(UUID id, OptionalLong expected) {
        inTransaction(connection -> {
            locked(connection, id, expected);
            try (PreparedStatement cancel = connection.prepareStatement("UPDATE notification_outbox SET"
                    + " state = 'CANCELLED', last_error = 'the rule was deleted' WHERE rule_id = ? AND state = 'PENDING'");
                 PreparedStatement delete = connection.prepareStatement("DELETE FROM notification_rule WHERE id = ?")) {
                cancel.setObject(1, id);
                cancel.executeUpdate();
                delete.setObject(1, id);
                delete.executeUpdate();
            }
            return null;
        }, null);
    }

    /**
     * What the channel itself requires (https unless plain http is allowed, a secret of 16 to 256 characters, the
     * e-mail channel configured, ...), beyond the rule's shape; every problem names its field.
     */
    private void deliverable(ChannelSettings channel) {
        List<Violation> violations = channels.validate(channel);
        if (!violations.isEmpty()) {
            throw new InvalidRuleException(violations);
        }
    }

    private static ChannelSettings keepSecret(ChannelSettings draft, ChannelSettings stored) {
        if (draft instanceof ChannelSettings.Webhook webhook && stored instanceof ChannelSettings.Webhook kept) {
            return new ChannelSettings.Webhook(webhook.url(), kept.secret());
        }
        if (draft instanceof ChannelSettings.Slack && stored instanceof ChannelSettings.Slack kept) {
            return kept;
        }
        String field = draft instanceof ChannelSettings.Slack ? "channel.webhookUrl" : "channel.secret";
        throw new InvalidRuleException(List.of(new Violation(field, "is required: the stored rule's channel is now "
                + stored.type() + ", so there is no " + draft.type() + " secret to keep; send the secret")));
    }

    private NotificationRule locked(Connection connection, UUID id, OptionalLong expected) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM notification_rule WHERE id = ? FOR UPDATE")) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new RuleNotFoundException(id);
                }
                NotificationRule current = rule(rows);
                if (expected.isPresent() && expected.getAsLong() != current.version()) {
                    throw new StaleRuleVersionException(expected.getAsLong(), current.version());
                }
                return current;
            }
        }
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work, String name) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                if (e instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState()) && name != null) {
                    throw new DuplicateRuleNameException(name);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the notification rules could not be written: " + e.getMessage(), e);
        }
    }

    private List<NotificationRule> read(String sql, Object... values) {
        return Sql.list(dataSource, "notification rules", sql, RuleStore::rule, values);
    }

    private static void bind(PreparedStatement statement, NotificationRule rule) throws SQLException {
        int i = 0;
        statement.setObject(++i, rule.id());
        statement.setLong(++i, rule.version());
        statement.setString(++i, rule.name());
        statement.setBoolean(++i, rule.enabled());
        statement.setString(++i, events(rule.events()));
        statement.setString(++i, policies(rule.policies()));
        statement.setString(++i, RuleJson.stored(rule.channel()));
        digest(statement, i, rule.digest());
        i += 2;
        statement.setTimestamp(++i, Timestamp.from(rule.createdAt()));
        statement.setString(++i, rule.createdBy());
        statement.setTimestamp(++i, Timestamp.from(rule.updatedAt()));
        statement.setString(++i, rule.updatedBy());
    }

    /** Binds the digest's hour and zone to the two parameters after {@code index}. */
    private static void digest(PreparedStatement statement, int index, DigestTime digest) throws SQLException {
        if (digest == null) {
            statement.setNull(index + 1, Types.INTEGER);
            statement.setNull(index + 2, Types.VARCHAR);
        } else {
            statement.setInt(index + 1, digest.hour());
            statement.setString(index + 2, digest.timeZone().getId());
        }
    }

    private static NotificationRule rule(ResultSet rows) throws SQLException {
        Set<NotificationEvent> events = EnumSet.noneOf(NotificationEvent.class);
        Arrays.stream(rows.getString("events").split(",")).filter(s -> !s.isEmpty())
                .forEach(name -> events.add(NotificationEvent.valueOf(name)));
        List<UUID> policies = Arrays.stream(rows.getString("policies").split(",")).filter(s -> !s.isEmpty())
                .map(UUID::fromString).toList();
        Integer hour = (Integer) rows.getObject("digest_hour");
        DigestTime digest = hour == null ? null : new DigestTime(hour, ZoneId.of(rows.getString("digest_zone")));
        return new NotificationRule((UUID) rows.getObject("id"), rows.getLong("version"), rows.getString("name"),
                rows.getBoolean("enabled"), events, policies, RuleJson.storedChannel(rows.getString("channel")),
                digest, rows.getTimestamp("created_at").toInstant(), rows.getString("created_by"),
                rows.getTimestamp("updated_at").toInstant(), rows.getString("updated_by"));
    }

    private static String events(Set<NotificationEvent> events) {
        return events.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    private static String policies(List<UUID> policies) {
        return policies.stream().map(UUID::toString).collect(Collectors.joining(","));
    }
}
