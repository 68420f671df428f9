package io.gfsbackup.operations.protection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.policy.Validated;
import io.gfsbackup.operations.protection.Facts.Failures;
import io.gfsbackup.operations.protection.Facts.Gap;
import io.gfsbackup.operations.protection.Facts.Pause;
import io.gfsbackup.operations.protection.Facts.Points;
import io.gfsbackup.operations.protection.Facts.PolicyTable;
import io.gfsbackup.operations.protection.Facts.Success;

/** The projection's tables as the protection report and the metrics read them; every read is one query. */
@ApplicationScoped
public class ProtectionStore {

    private static final Logger LOG = Logger.getLogger(ProtectionStore.class);

    private static final String LAST_SUCCESS = """
            SELECT policy_id, table_arn, max(at) AS at, max(slot) AS slot FROM (
                SELECT policy_id, table_arn, ended_at AS at, slot FROM job
                WHERE kind = 'BACKUP' AND state = 'COMPLETED'
                UNION ALL
                SELECT policy_id, table_arn, created_at AS at, slot FROM restore_point) successes
            GROUP BY policy_id, table_arn
            """;

    /** The failed and missed backups of each policy and table after its newest completed one, by slot. */
    private static final String FAILURES = """
            WITH last AS (
                SELECT policy_id, table_arn, max(slot) AS slot FROM job
                WHERE kind = 'BACKUP' AND state = 'COMPLETED' GROUP BY policy_id, table_arn)
            SELECT f.policy_id, f.table_arn, count(*) AS failures,
                   (array_agg(f.slot ORDER BY f.slot DESC))[1] AS newest_slot,
                   (array_agg(f.state ORDER BY f.slot DESC))[1] AS newest_state,
                   (array_agg(f.error ORDER BY f.slot DESC))[1] AS newest_error
            FROM job f LEFT JOIN last l ON l.policy_id = f.policy_id AND l.table_arn = f.table_arn
            WHERE f.kind = 'BACKUP' AND f.state IN ('FAILED', 'MISSED') AND (l.slot IS NULL OR f.slot > l.slot)
            GROUP BY f.policy_id, f.table_arn
            """;

    private static final String POINTS = """
            SELECT policy_id, table_arn, count(*) AS total,
                   count(*) FILTER (WHERE position('D' IN flags) > 0) AS d,
                   count(*) FILTER (WHERE position('W' IN flags) > 0) AS w,
                   count(*) FILTER (WHERE position('M' IN flags) > 0) AS m,
                   count(*) FILTER (WHERE position('Y' IN flags) > 0) AS y,
                   count(*) FILTER (WHERE flags = '') AS unflagged
            FROM restore_point WHERE deleted_at IS NULL GROUP BY policy_id, table_arn
            """;

    @Inject
    DataSource dataSource;

    public ProtectionStore() {
    }

    public ProtectionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The latest version of every policy; one whose document cannot be read is left out (and logged). */
    public List<PolicyRow> policies() {
        String sql = "SELECT id, version, name, enabled, document, updated_at FROM policy ORDER BY name, id";
        return query(sql, rows -> {
            List<PolicyRow> policies = new ArrayList<>();
            while (rows.next()) {
                UUID id = (UUID) rows.getObject("id");
                Validated<BackupPolicy> policy = PolicyJson.read(rows.getString("document"));
                if (!policy.isValid()) {
                    LOG.warnf("policy %s (version %d) is left out of the report: %s", id, rows.getLong("version"),
                            policy.violations());
                    continue;
                }
                policies.add(new PolicyRow(id, rows.getLong("version"), rows.getString("name"),
                        rows.getBoolean("enabled"), policy.value(), instant(rows, "updated_at")));
            }
            return policies;
        });
    }

    /** Everything the report needs of the projection, read in one transaction (one consistent view). */
    public Facts facts() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                return facts(connection);
            } finally {
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the projection could not be read: " + e.getMessage(), e);
        }
    }

    private Facts facts(Connection connection) throws SQLException {
        Map<PolicyTable, Success> lastSuccess = query(connection, LAST_SUCCESS, rows -> {
            Map<PolicyTable, Success> found = new HashMap<>();
            while (rows.next()) {
                found.put(key(rows), new Success(instant(rows, "at"), instant(rows, "slot")));
            }
            return found;
        });
        Map<PolicyTable, Failures> failures = query(connection, FAILURES, rows -> {
            Map<PolicyTable, Failures> found = new HashMap<>();
            while (rows.next()) {
                found.put(key(rows), new Failures(rows.getLong("failures"), instant(rows, "newest_slot"),
                        rows.getString("newest_state"), rows.getString("newest_error")));
            }
            return found;
        });
        Map<PolicyTable, Points> points = query(connection, POINTS, rows -> {
            Map<PolicyTable, Points> found = new HashMap<>();
            while (rows.next()) {
                found.put(key(rows), new Points(rows.getLong("total"), rows.getLong("d"), rows.getLong("w"),
                        rows.getLong("m"), rows.getLong("y"), rows.getLong("unflagged")));
            }
            return found;
        });
        List<Gap> gaps = query(connection,
                "SELECT policy_id, table_arn, tier, period_start, period_end FROM retention_gap",
                rows -> {
                    List<Gap> found = new ArrayList<>();
                    while (rows.next()) {
                        found.add(new Gap((UUID) rows.getObject("policy_id"), rows.getString("table_arn"),
                                Tier.valueOf(rows.getString("tier")), instant(rows, "period_start"),
                                instant(rows, "period_end")));
                    }
                    return found;
                });
        Map<UUID, Pause> pauses = query(connection, "SELECT policy_id, paused_at, cause, reason FROM deletion_pause"
                + " WHERE resumed_at IS NULL", rows -> {
                    Map<UUID, Pause> found = new HashMap<>();
                    while (rows.next()) {
                        UUID policyId = (UUID) rows.getObject("policy_id");
                        found.put(policyId, new Pause(policyId, instant(rows, "paused_at"), rows.getString("cause"),
                                rows.getString("reason")));
                    }
                    return found;
                });
        Set<String> known = query(connection, "SELECT table_arn FROM restore_point WHERE deleted_at IS NULL"
                + " UNION SELECT table_arn FROM job", rows -> {
                    Set<String> found = new HashSet<>();
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                    return found;
                });
        Map<String, Instant> firstSeen = query(connection, "SELECT table_arn, first_seen_at FROM table_seen",
                rows -> {
                    Map<String, Instant> found = new HashMap<>();
                    while (rows.next()) {
                        found.put(rows.getString(1), instant(rows, "first_seen_at"));
                    }
                    return found;
                });
        return new Facts(lastSuccess, failures, points, gaps, pauses, known, firstSeen);
    }

    /** How many jobs of each policy are in each kind and state (the jobs kept, not yet pruned). */
    public Map<UUID, Map<String, Long>> jobCounts() {
        return query("SELECT policy_id, kind, state, count(*) AS jobs FROM job GROUP BY policy_id, kind, state",
                rows -> {
                    Map<UUID, Map<String, Long>> found = new HashMap<>();
                    while (rows.next()) {
                        found.computeIfAbsent((UUID) rows.getObject("policy_id"), id -> new HashMap<>())
                                .put(rows.getString("kind") + "/" + rows.getString("state"), rows.getLong("jobs"));
                    }
                    return found;
                });
    }

    /** Records that the tables were listed at {@code at}, unless an earlier listing was recorded. */
    public void seen(Collection<String> tableArns, Instant at) {
        if (tableArns.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("INSERT INTO table_seen (table_arn,"
                     + " first_seen_at) VALUES (?, ?) ON CONFLICT (table_arn) DO NOTHING")) {
            Timestamp timestamp = Timestamp.from(at);
            for (String arn : tableArns) {
                statement.setString(1, arn);
                statement.setTimestamp(2, timestamp);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the tables listed: " + e.getMessage(), e);
        }
    }

    private interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> T query(String sql, Rows<T> reader) {
        try (Connection connection = dataSource.getConnection()) {
            return query(connection, sql, reader);
        } catch (SQLException e) {
            throw new IllegalStateException("the projection could not be read: " + e.getMessage(), e);
        }
    }

    private static <T> T query(Connection connection, String sql, Rows<T> reader) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            return reader.read(rows);
        }
    }

    private static PolicyTable key(ResultSet rows) throws SQLException {
        return new PolicyTable((UUID) rows.getObject("policy_id"), rows.getString("table_arn"));
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
