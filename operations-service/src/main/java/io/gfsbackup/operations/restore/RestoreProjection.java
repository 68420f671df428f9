package io.gfsbackup.operations.restore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.RestoreEnded;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.RestoreStarted;
import io.gfsbackup.contracts.messages.RestoreProgressed;
import io.gfsbackup.contracts.messages.ScratchTableDropped;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.TableSelection;
import io.gfsbackup.operations.jobs.Projection;

/**
 * Applies the worker's outcomes of restores ({@link RestoreStarted}, {@link RestoreEnded}, {@link ScratchTableDropped}
 * on {@code backup-events}) to the restore and its job, on the caller's connection and transaction. States only move
 * forward ({@link RestoreState#rank()}): a repeated or late message changes nothing. A restore this service has no
 * row of (the projection rebuilt from the topics) is recorded from what the message says, its options unknown.
 */
public final class RestoreProjection {

    private static final String UPSERT = """
            INSERT INTO restore (id, kind, state, state_rank, policy_id, source_account_id, source_region,
                                 source_table_name, source_table_arn, source_slot, backup_arn, target_table_name,
                                 target_table_arn, options, requested_by, requested_at, started_at, started_by,
                                 active_at, ended_at, error, warnings, validation, drop_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                state = CASE WHEN excluded.state_rank > restore.state_rank THEN excluded.state ELSE restore.state END,
                state_rank = GREATEST(restore.state_rank, excluded.state_rank),
                started_at = CASE WHEN excluded.state_rank > restore.state_rank
                                  THEN COALESCE(excluded.started_at, restore.started_at) ELSE restore.started_at END,
                started_by = CASE WHEN restore.state_rank < 2 THEN COALESCE(excluded.started_by, restore.started_by)
                                  ELSE restore.started_by END,
                active_at = CASE WHEN excluded.state_rank > restore.state_rank THEN excluded.active_at
                                 ELSE restore.active_at END,
                ended_at = CASE WHEN excluded.state_rank > restore.state_rank THEN excluded.ended_at
                                ELSE restore.ended_at END,
                error = CASE WHEN excluded.state_rank > restore.state_rank THEN excluded.error ELSE restore.error END,
                warnings = CASE WHEN excluded.state_rank > restore.state_rank THEN excluded.warnings
                                ELSE restore.warnings END,
                validation = CASE WHEN excluded.state_rank > restore.state_rank THEN excluded.validation
                                  ELSE restore.validation END,
                drop_at = CASE WHEN excluded.state_rank > restore.state_rank THEN excluded.drop_at
                               ELSE restore.drop_at END
            """;

    private RestoreProjection() {
    }

    /** Applies {@code message}; any message but a restore's outcome changes nothing. */
    public static void apply(Connection connection, Message message) throws SQLException {
        if (message instanceof RestoreStarted m) {
            upsert(connection, m.restoreId(), m.test(), RestoreState.RESTORING, m.source(), m.target(),
                    m.requestedBy(), m.requestedAt(), m.occurredAt(), m.startedBy(), null, null, null, null, null,
                    null);
            Projection.restoreJob(connection, m.restoreId(), kind(m.test(), m.target()).job(),
                    RestoreState.RESTORING.job(), m.source(), null, m.requestedAt(), m.occurredAt(), null, null,
                    m.startedBy(), m.occurredAt());
        } else if (message instanceof RestoreEnded m) {
            RestoreState state = m.outcome() == RestoreEnded.Outcome.COMPLETED ? RestoreState.COMPLETED
                    : RestoreState.FAILED;
            upsert(connection, m.restoreId(), m.validation() != null, state, m.source(), m.target(), m.requestedBy(),
                    m.requestedAt(), m.startedAt(), null, m.activeAt(), m.occurredAt(), m.error(),
                    m.warnings().isEmpty() ? null : RestoreStore.json(m.warnings()),
                    m.validation() == null ? null : RestoreStore.json(m.validation()),
                    m.validation() == null ? null : m.validation().dropAt());
            Projection.restoreJob(connection, m.restoreId(), kind(m.validation() != null, m.target()).job(),
                    state.job(), m.source(), null, m.requestedAt(), m.startedAt(), m.occurredAt(), m.error(), null,
                    m.occurredAt());
        } else if (message instanceof RestoreProgressed m) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE restore SET stage = ?,"
                    + " stage_since = ?, stage_detail = ? WHERE id = ? AND ended_at IS NULL")) {
                update.setString(1, m.stage().name());
                update.setTimestamp(2, Timestamp.from(m.occurredAt()));
                update.setString(3, m.detail());
                update.setObject(4, m.restoreId());
                update.executeUpdate();
            }
        } else if (message instanceof ScratchTableDropped m) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE restore SET dropped_at ="
                    + " COALESCE(dropped_at, ?) WHERE id = ?")) {
                update.setTimestamp(1, Timestamp.from(m.occurredAt()));
                update.setObject(2, m.restoreId());
                update.executeUpdate();
            }
        }
    }

    /** A restore's kind as a message tells it: a test says so, or restores to a scratch table. */
    private static RestoreKind kind(boolean test, TableRef target) {
        return test || target.name().startsWith(TableSelection.RESERVED_PREFIX) ? RestoreKind.RESTORE_TEST
                : RestoreKind.RESTORE;
    }

    private static void upsert(Connection connection, java.util.UUID restoreId, boolean test, RestoreState state,
                               RestoreSource source, TableRef target, String requestedBy, Instant requestedAt,
                               Instant startedAt, String startedBy, Instant activeAt, Instant endedAt, String error,
                               String warnings, String validation, Instant dropAt) throws SQLException {
        TableRef table = source.table();
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            int i = 0;
            upsert.setObject(++i, restoreId);
            upsert.setString(++i, kind(test, target).name());
            upsert.setString(++i, state.name());
            upsert.setInt(++i, state.rank());
            upsert.setObject(++i, source.policyId());
            upsert.setString(++i, table.accountId());
            upsert.setString(++i, table.region());
            upsert.setString(++i, table.name());
            upsert.setString(++i, table.arn());
            upsert.setTimestamp(++i, Timestamp.from(source.slot()));
            upsert.setString(++i, source.backupArn());
            upsert.setString(++i, target.name());
            upsert.setString(++i, target.arn());
            upsert.setString(++i, requestedBy);
            upsert.setTimestamp(++i, Timestamp.from(requestedAt));
            upsert.setTimestamp(++i, timestamp(startedAt));
            upsert.setString(++i, startedBy);
            upsert.setTimestamp(++i, timestamp(activeAt));
            upsert.setTimestamp(++i, timestamp(endedAt));
            upsert.setString(++i, error);
            upsert.setString(++i, warnings);
            upsert.setString(++i, validation);
            upsert.setTimestamp(++i, timestamp(dropAt));
            upsert.executeUpdate();
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
