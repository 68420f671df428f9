package io.gfsbackup.operations.restore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.messages.RestoreOptions;
import io.gfsbackup.contracts.messages.RestoreRequested;
import io.gfsbackup.contracts.messages.RestoreTestResult;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.operations.jobs.JobCursor;
import io.gfsbackup.operations.jobs.Projection;
import io.gfsbackup.operations.sql.Sql;

/**
 * The restores in PostgreSQL ({@code restore}, migration V4), and the restore points they are checked against. A
 * restore is written with its job (PENDING) when it is asked for; the projection moves both on
 * ({@link RestoreProjection}).
 */
@ApplicationScoped
public class RestoreStore {

    private static final String POINT_COLUMNS = "p.policy_id, p.table_arn, p.slot, p.backup_arn, p.created_at,"
            + " p.expired_at, p.deleted_at, p.archive_uri, p.warm_deleted, p.archive_account_id, p.archive_role_arn,"
            + " p.archive_external_id, j.role_arn, j.external_id, j.size_bytes,"
            + " j.described_at";
    private static final String POINTS = "SELECT " + POINT_COLUMNS + " FROM restore_point p"
            + " LEFT JOIN job j ON j.kind = 'BACKUP' AND j.policy_id = p.policy_id AND j.table_arn = p.table_arn"
            + " AND j.slot = p.slot";
    private static final String COLUMNS = "id, kind, state, policy_id, policy_version, source_account_id,"
            + " source_region, source_table_name, source_table_arn, source_slot, backup_arn, target_table_name,"
            + " target_table_arn, options, requested_by, requested_at, started_at, started_by, active_at, ended_at,"
            + " error, warnings, validation, test_slot, seed, keep_for_seconds, drop_at, dropped_at, stage, stage_since,"
            + " stage_detail";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    @Inject
    DataSource dataSource;

    /** The point of {@code slot} in chain {@code chainId}, if the projection knows it. */
    public Optional<RestorePoint> pointOfChain(UUID chainId, Instant slot) {
        return points(POINTS + " WHERE p.slot = ?", Timestamp.from(slot)).stream()
                .filter(point -> point.chainId().equals(chainId)).findFirst();
    }

    /** The point whose backup is {@code backupArn}, if the projection knows it. */
    public Optional<RestorePoint> pointOfBackup(String backupArn) {
        return points(POINTS + " WHERE p.backup_arn = ?", backupArn).stream().findFirst();
    }

    /** The points of a policy not deleted, by table ARN then slot. */
    public List<RestorePoint> pointsOf(UUID policyId) {
        return points(POINTS + " WHERE p.policy_id = ? AND p.deleted_at IS NULL ORDER BY p.table_arn, p.slot",
                policyId);
    }

    /**
     * Records a restore that was asked for (PENDING) and its job, unless a PENDING or RESTORING restore already
     * targets the same table: then nothing is written and the other restore's id is returned. Serialised per target
     * table (a transaction-scoped advisory lock), so two requests for one name cannot both pass.
     */
    public Optional<UUID> insert(RestoreRequested request) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<UUID> other = claimTarget(connection, request.target().arn());
                if (other.isEmpty()) {
                    insert(connection, request);
                }
                connection.commit();
                return other;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the restore could not be recorded: " + e.getMessage(), e);
        }
    }

    /**
     * Takes the lock of a target table for the caller's transaction and returns the restore in progress (PENDING or
     * RESTORING) to it, if there is one.
     */
    static Optional<UUID> claimTarget(Connection connection, String targetArn) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "restore-target|" + targetArn);
            lock.execute();
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM restore WHERE target_table_arn = ?"
                + " AND state IN ('PENDING', 'RESTORING') LIMIT 1")) {
            select.setString(1, targetArn);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of((UUID) rows.getObject(1)) : Optional.empty();
            }
        }
    }

    /**
     * Writes the restore row (PENDING) and its job, on the caller's transaction; a restore already recorded (same id)
     * is left as it is. Returns whether it was new.
     */
    static boolean insert(Connection connection, RestoreRequested request) throws SQLException {
        RestoreKind kind = request.test() == null ? RestoreKind.RESTORE : RestoreKind.RESTORE_TEST;
        TableRef table = request.source().table();
        String sql = "INSERT INTO restore (id, kind, state, state_rank, policy_id, policy_version, source_account_id,"
                + " source_region, source_table_name, source_table_arn, source_slot, backup_arn, target_table_name,"
                + " target_table_arn, options, requested_by, requested_at, test_slot, seed, keep_for_seconds)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
        boolean added;
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int i = 0;
            insert.setObject(++i, request.restoreId());
            insert.setString(++i, kind.name());
            insert.setString(++i, RestoreState.PENDING.name());
            insert.setInt(++i, RestoreState.PENDING.rank());
            insert.setObject(++i, request.source().policyId());
            setLong(insert, ++i, request.test() == null ? null : request.test().policyVersion());
            insert.setString(++i, table.accountId());
            insert.setString(++i, table.region());
            insert.setString(++i, table.name());
            insert.setString(++i, table.arn());
            insert.setTimestamp(++i, Timestamp.from(request.source().slot()));
            insert.setString(++i, request.source().backupArn());
            insert.setString(++i, request.target().name());
            insert.setString(++i, request.target().arn());
            insert.setString(++i, json(request.options()));
            insert.setString(++i, request.requestedBy());
            insert.setTimestamp(++i, Timestamp.from(request.requestedAt()));
            insert.setTimestamp(++i, request.test() == null ? null : Timestamp.from(request.test().slot()));
            setLong(insert, ++i, request.test() == null ? null : request.test().seed());
            setLong(insert, ++i, request.test() == null ? null : request.test().keepFor().toSeconds());
            added = insert.executeUpdate() == 1;
        }
        if (added) {
            Projection.restoreJob(connection, request.restoreId(), kind.job(), RestoreState.PENDING.job(),
                    request.source(), request.test() == null ? null : request.test().policyVersion(),
                    request.requestedAt(), null, null, null, null, request.requestedAt());
        }
        return added;
    }

    /** Forgets a restore that was never published (and its job). */
    public void delete(UUID id) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement restore = connection.prepareStatement("DELETE FROM restore WHERE id = ?"
                    + " AND state = 'PENDING'");
                 PreparedStatement job = connection.prepareStatement("DELETE FROM job WHERE id = ?"
                         + " AND state = 'PENDING'")) {
                restore.setObject(1, id);
                restore.executeUpdate();
                job.setObject(1, id);
                job.executeUpdate();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("restore " + id + " could not be forgotten: " + e.getMessage(), e);
        }
    }

    public Optional<RestoreView> find(UUID id) {
        return read("SELECT " + COLUMNS + " FROM restore WHERE id = ?", id).stream().findFirst();
    }

    public RestoreView.Page list(RestoreQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM restore WHERE true");
        List<Object> values = new ArrayList<>();
        if (query.states() != null && !query.states().isEmpty()) {
            sql.append(" AND state IN (").append(String.join(", ", query.states().stream().map(s -> "?").toList()))
                    .append(')');
            query.states().forEach(state -> values.add(state.name()));
        }
        if (query.kind() != null) {
            sql.append(" AND kind = ?");
            values.add(query.kind().name());
        }
        if (query.policyId() != null) {
            sql.append(" AND policy_id = ?");
            values.add(query.policyId());
        }
        if (query.table() != null) {
            sql.append(query.table().startsWith("arn:") ? " AND (source_table_arn = ? OR target_table_arn = ?)"
                    : " AND (source_table_name = ? OR target_table_name = ?)");
            values.add(query.table());
            values.add(query.table());
        }
        if (query.after() != null) {
            sql.append(" AND (requested_at, id) < (?, ?)");
            values.add(Timestamp.from(query.after().createdAt()));
            values.add(query.after().id());
        }
        sql.append(" ORDER BY requested_at DESC, id DESC LIMIT ?");
        values.add(query.limit() + 1);
        List<RestoreView> restores = read(sql.toString(), values.toArray());
        String next = null;
        if (restores.size() > query.limit()) {
            restores = new ArrayList<>(restores.subList(0, query.limit()));
            RestoreView last = restores.get(restores.size() - 1);
            next = new JobCursor(last.requestedAt(), last.id()).encode();
        }
        return new RestoreView.Page(restores, next);
    }

    private List<RestorePoint> points(String sql, Object... values) {
        return Sql.list(dataSource, "restore points", sql, RestoreStore::point, values);
    }

    private static RestorePoint point(ResultSet rows) throws SQLException {
        TableRef table = TableRef.fromArn(rows.getString("table_arn"));
        String role = rows.getString("role_arn");
        AwsAccount account = role == null ? null : new AwsAccount(table.accountId(), role,
                rows.getString("external_id"));
        Long size = rows.getTimestamp("described_at") == null ? null : (Long) rows.getObject("size_bytes");
        String archiveAccount = rows.getString("archive_account_id");
        AwsAccount archiveAccess = archiveAccount == null ? null : new AwsAccount(archiveAccount,
                rows.getString("archive_role_arn"), rows.getString("archive_external_id"));
        return new RestorePoint((UUID) rows.getObject("policy_id"), table, instant(rows, "slot"),
                rows.getString("backup_arn"), instant(rows, "created_at"), instant(rows, "expired_at"),
                instant(rows, "deleted_at"), account, size, rows.getString("archive_uri"),
                rows.getBoolean("warm_deleted"), archiveAccess);
    }

    private List<RestoreView> read(String sql, Object... values) {
        return Sql.list(dataSource, "restores", sql, RestoreStore::view, values);
    }

    private static RestoreView view(ResultSet rows) throws SQLException {
        RestoreKind kind = RestoreKind.valueOf(rows.getString("kind"));
        UUID policyId = (UUID) rows.getObject("policy_id");
        String sourceArn = rows.getString("source_table_arn");
        Instant startedAt = instant(rows, "started_at");
        Instant activeAt = instant(rows, "active_at");
        Long keepFor = (Long) rows.getObject("keep_for_seconds");
        RestoreView.Test test = kind == RestoreKind.RESTORE ? null : new RestoreView.Test(
                (Long) rows.getObject("policy_version"), instant(rows, "test_slot"), (Long) rows.getObject("seed"),
                keepFor == null ? null : Duration.ofSeconds(keepFor).toString(), instant(rows, "drop_at"),
                instant(rows, "dropped_at"));
        String warnings = rows.getString("warnings");
        String validation = rows.getString("validation");
        return new RestoreView((UUID) rows.getObject("id"), kind, RestoreState.valueOf(rows.getString("state")),
                new RestoreView.Source(policyId, io.gfsbackup.contracts.messages.Ids.chainId(policyId, sourceArn),
                        rows.getString("source_account_id"), rows.getString("source_region"),
                        rows.getString("source_table_name"), sourceArn, instant(rows, "source_slot"),
                        rows.getString("backup_arn")),
                new RestoreView.Target(rows.getString("target_table_name"), rows.getString("target_table_arn")),
                read(rows.getString("options"), RestoreOptions.class), rows.getString("requested_by"),
                instant(rows, "requested_at"), startedAt, rows.getString("started_by"), activeAt,
                instant(rows, "ended_at"),
                startedAt == null || activeAt == null ? null : Duration.between(startedAt, activeAt).toString(),
                rows.getString("error"), warnings == null ? List.of() : readList(warnings),
                validation == null ? null : read(validation, RestoreTestResult.class), test,
                rows.getString("stage") == null ? null : new RestoreView.Stage(rows.getString("stage"),
                        instant(rows, "stage_since"), rows.getString("stage_detail")));
    }

    static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored restore has JSON this service cannot read: " + json, e);
        }
    }

    private static List<String> readList(String json) {
        try {
            return Json.mapper().readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored restore has JSON this service cannot read: " + json, e);
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    static Instant instant(ResultSet rows, String column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
