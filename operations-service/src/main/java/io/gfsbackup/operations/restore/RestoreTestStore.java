package io.gfsbackup.operations.restore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.operations.sql.Sql;

/**
 * The runs of restore tests and what the metrics and the sweep of scratch tables read of them
 * ({@code restore_test_run}, {@code restore_test_schedule}, the {@code restore} rows of kind RESTORE_TEST).
 */
@ApplicationScoped
public class RestoreTestStore {

    /** What the metrics show of a policy's restore test. */
    public record Status(Instant since, Instant lastSuccess, boolean lastRunFailed) {
    }

    /** A kept scratch table whose time is up. */
    public record Expired(UUID restoreId, RestoreSource source, TableRef table) {
    }

    @Inject
    DataSource dataSource;

    /**
     * Since when the service has seen the policy with its restore test: recorded as {@code now} the first time it
     * is asked.
     */
    public Instant since(UUID policyId, Instant now) {
        update("INSERT INTO restore_test_schedule (policy_id, since) VALUES (?, ?) ON CONFLICT DO NOTHING", policyId,
                Timestamp.from(now));
        return query("SELECT since FROM restore_test_schedule WHERE policy_id = ?", rows -> rows.next()
                ? rows.getTimestamp(1).toInstant() : now, policyId);
    }

    /** Forgets when a policy was first seen with its test: it has none now, or is disabled. */
    public void forget(Set<UUID> keep) {
        List<UUID> known = query("SELECT policy_id FROM restore_test_schedule", rows -> {
            List<UUID> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add((UUID) rows.getObject(1));
            }
            return ids;
        });
        for (UUID id : known) {
            if (!keep.contains(id)) {
                update("DELETE FROM restore_test_schedule WHERE policy_id = ?", id);
            }
        }
    }

    /** The slot of the policy's latest run, or null. */
    public Instant lastRun(UUID policyId) {
        return query("SELECT max(slot) FROM restore_test_run WHERE policy_id = ?", rows -> {
            rows.next();
            Timestamp last = rows.getTimestamp(1);
            return last == null ? null : last.toInstant();
        }, policyId);
    }

    /**
     * Records a run (on the caller's transaction); false when the slot was run already (by this or another
     * instance).
     */
    static boolean recordRun(Connection connection, UUID policyId, Instant slot, long policyVersion, long seed,
                             String candidates, String drawn, String state, String reason, Instant at)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO restore_test_run (policy_id, slot,"
                + " policy_version, seed, candidates, drawn, state, reason, run_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
            int i = 0;
            insert.setObject(++i, policyId);
            insert.setTimestamp(++i, Timestamp.from(slot));
            insert.setLong(++i, policyVersion);
            insert.setLong(++i, seed);
            insert.setString(++i, candidates);
            insert.setString(++i, drawn);
            insert.setString(++i, state);
            insert.setString(++i, reason);
            insert.setTimestamp(++i, Timestamp.from(at));
            return insert.executeUpdate() == 1;
        }
    }

    /** Every policy's restore test status, for the metrics. */
    public Map<UUID, Status> statuses() {
        Map<UUID, Status> statuses = new HashMap<>();
        Map<UUID, Instant> since = query("SELECT policy_id, since FROM restore_test_schedule", rows -> {
            Map<UUID, Instant> found = new HashMap<>();
            while (rows.next()) {
                found.put((UUID) rows.getObject(1), rows.getTimestamp(2).toInstant());
            }
            return found;
        });
        Map<UUID, Instant> success = query("SELECT policy_id, max(ended_at) FROM restore WHERE kind = 'RESTORE_TEST'"
                + " AND state = 'COMPLETED' GROUP BY policy_id", rows -> {
            Map<UUID, Instant> found = new HashMap<>();
            while (rows.next()) {
                found.put((UUID) rows.getObject(1), rows.getTimestamp(2).toInstant());
            }
            return found;
        });
        Map<UUID, Boolean> failed = query("""
                SELECT r.policy_id, r.state = 'FAILED' OR EXISTS (
                    SELECT 1 FROM restore t WHERE t.kind = 'RESTORE_TEST' AND t.policy_id = r.policy_id
                      AND t.test_slot = r.slot AND t.state = 'FAILED')
                FROM restore_test_run r
                WHERE r.slot = (SELECT max(slot) FROM restore_test_run l WHERE l.policy_id = r.policy_id)
                """, rows -> {
            Map<UUID, Boolean> found = new HashMap<>();
            while (rows.next()) {
                found.put((UUID) rows.getObject(1), rows.getBoolean(2));
            }
            return found;
        });
        for (UUID policyId : since.keySet()) {
            statuses.put(policyId, new Status(since.get(policyId), success.get(policyId),
                    failed.getOrDefault(policyId, false)));
        }
        return statuses;
    }

    /**
     * The kept scratch tables (a test with {@code keepFor}) whose drop time has passed and that are not dropped,
     * for which ScratchTableExpired was not published since {@code sentBefore}.
     */
    public List<Expired> expired(Instant now, Instant sentBefore) {
        return query("""
                SELECT id, policy_id, source_table_arn, source_slot, backup_arn, target_table_arn FROM restore
                WHERE kind = 'RESTORE_TEST' AND drop_at IS NOT NULL AND drop_at <= ? AND dropped_at IS NULL
                  AND keep_for_seconds > 0 AND state IN ('COMPLETED', 'FAILED')
                  AND (expiry_sent_at IS NULL OR expiry_sent_at <= ?)
                ORDER BY drop_at, id
                """, rows -> {
            List<Expired> expired = new ArrayList<>();
            while (rows.next()) {
                TableRef source = TableRef.fromArn(rows.getString("source_table_arn"));
                expired.add(new Expired((UUID) rows.getObject("id"), new RestoreSource(
                        (UUID) rows.getObject("policy_id"), source, rows.getTimestamp("source_slot").toInstant(),
                        rows.getString("backup_arn")), TableRef.fromArn(rows.getString("target_table_arn"))));
            }
            return expired;
        }, Timestamp.from(now), Timestamp.from(sentBefore));
    }

    public void expirySent(UUID restoreId, Instant at) {
        update("UPDATE restore SET expiry_sent_at = ? WHERE id = ?", Timestamp.from(at), restoreId);
    }

    private <T> T query(String sql, Sql.Reader<T> read, Object... values) {
        return Sql.query(dataSource, "restore tests", sql, read, values);
    }

    private void update(String sql, Object... values) {
        Sql.update(dataSource, "restore tests", sql, values);
    }
}
