package io.gfsbackup.operations.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import io.gfsbackup.contracts.messages.ArchiveFailed;
import io.gfsbackup.contracts.messages.ArchiveRequested;
import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.BackupFailed;
import io.gfsbackup.contracts.messages.BackupMissed;
import io.gfsbackup.contracts.messages.BackupStarted;
import io.gfsbackup.contracts.messages.DeletionsPaused;
import io.gfsbackup.contracts.messages.DeletionsResumed;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.FlagUnassigned;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.PointArchived;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.messages.PolicyUpserted;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.RetentionGap;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.contracts.policy.Tier;

/**
 * Applies one message of the topics to the projection's tables, on the caller's connection and transaction. Every
 * write is idempotent (an upsert, or an update that sets what the message says), so a redelivered message changes
 * nothing, and each state only moves forward ({@link JobState#rank()}), so the order of messages of different
 * topics does not matter.
 */
public final class Projection {

    private static final String UPSERT_JOB = """
            INSERT INTO job (id, kind, state, state_rank, policy_id, policy_version, account_id, region, table_name,
                             table_arn, slot, flags, created_at, start_window_end, started_at, ended_at, attempts,
                             error, backup_arn, backup_name, size_bytes, started_by, updated_at, role_arn,
                             external_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                state = CASE WHEN excluded.state_rank >= job.state_rank THEN excluded.state ELSE job.state END,
                state_rank = GREATEST(job.state_rank, excluded.state_rank),
                policy_version = COALESCE(job.policy_version, excluded.policy_version),
                account_id = COALESCE(job.account_id, excluded.account_id),
                role_arn = COALESCE(job.role_arn, excluded.role_arn),
                external_id = COALESCE(job.external_id, excluded.external_id),
                flags = COALESCE(job.flags, excluded.flags),
                created_at = LEAST(job.created_at, excluded.created_at),
                start_window_end = COALESCE(job.start_window_end, excluded.start_window_end),
                started_at = COALESCE(job.started_at, excluded.started_at),
                ended_at = CASE WHEN excluded.state_rank >= job.state_rank
                                THEN COALESCE(excluded.ended_at, job.ended_at) ELSE job.ended_at END,
                attempts = GREATEST(job.attempts, excluded.attempts),
                error = CASE WHEN excluded.state_rank >= job.state_rank
                             THEN COALESCE(excluded.error, job.error) ELSE job.error END,
                backup_arn = COALESCE(excluded.backup_arn, job.backup_arn),
                backup_name = COALESCE(excluded.backup_name, job.backup_name),
                size_bytes = COALESCE(job.size_bytes, excluded.size_bytes),
                started_by = COALESCE(excluded.started_by, job.started_by),
                updated_at = excluded.updated_at
            """;

    private Projection() {
    }

    /** Applies {@code message}; a message of a kind the projection does not follow changes nothing. */
    public static void apply(Connection connection, Message message) throws SQLException {
        if (message instanceof BackupDue m) {
            backupJob(connection, m.due(), JobState.CREATED, m.occurredAt(), null, null, 0, null, null, null, null);
        } else if (message instanceof BackupStarted m) {
            backupJob(connection, m.due(), JobState.RUNNING, m.occurredAt(), m.occurredAt(), null, 1, null, null,
                    null, m.startedBy());
        } else if (message instanceof BackupCreated m) {
            backupJob(connection, m.due(), JobState.COMPLETED, m.occurredAt(), null, m.occurredAt(), 1, null,
                    m.backupArn(), m.backupName(), null);
            point(connection, m);
        } else if (message instanceof BackupFailed m) {
            backupJob(connection, m.due(), JobState.FAILED, m.occurredAt(), null, m.occurredAt(), m.attempts(),
                    m.reason(), null, null, null);
        } else if (message instanceof BackupMissed m) {
            backupJob(connection, m.due(), JobState.MISSED, m.occurredAt(), null, m.occurredAt(), 0, m.reason(),
                    null, null, null);
        } else if (message instanceof PointExpired m) {
            deletionJob(connection, m.id(), m.policyId(), m.table().arn(), m.slot(), m.at(), JobState.PENDING, null,
                    null, m.backupArn(), m.backupName(), m.occurredAt());
            update(connection, "UPDATE restore_point SET expired_at = COALESCE(expired_at, ?)"
                    + " WHERE policy_id = ? AND table_arn = ? AND slot = ?", m.at(), m.policyId(), m.table().arn(),
                    m.slot());
        } else if (message instanceof BackupDeleted m) {
            UUID job = m.causedBy() != null ? m.causedBy() : Ids.pointExpiredId(m.policyId(), m.table().arn(), m.slot());
            deletionJob(connection, job, m.policyId(), m.table().arn(), m.slot(), m.occurredAt(), JobState.COMPLETED,
                    m.occurredAt(), m.alreadyGone() ? "the backup was already gone" : null, m.backupArn(), null,
                    m.occurredAt());
            update(connection, "UPDATE restore_point SET deleted_at = COALESCE(deleted_at, ?)"
                    + " WHERE policy_id = ? AND table_arn = ? AND slot = ?", m.occurredAt(), m.policyId(),
                    m.table().arn(), m.slot());
        } else if (message instanceof FlagUnassigned m) {
            unassign(connection, m);
        } else if (message instanceof RetentionGap m) {
            update(connection, "INSERT INTO retention_gap (policy_id, table_arn, tier, period_start, period_end,"
                    + " reported_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", m.policyId(), m.table().arn(),
                    m.tier().name(), m.periodStart(), m.periodEnd(), m.occurredAt());
        } else if (message instanceof DeletionsPaused m) {
            update(connection, "INSERT INTO deletion_pause (policy_id, paused_at, cause, reason) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (policy_id) DO UPDATE SET paused_at = excluded.paused_at, cause = excluded.cause,"
                    + " reason = excluded.reason, resumed_at = NULL WHERE deletion_pause.paused_at <= excluded.paused_at",
                    m.policyId(), m.occurredAt(), m.cause(), m.reason());
        } else if (message instanceof DeletionsResumed m) {
            update(connection, "UPDATE deletion_pause SET resumed_at = ? WHERE policy_id = ? AND paused_at <= ?",
                    m.occurredAt(), m.policyId(), m.occurredAt());
        } else if (message instanceof ArchiveRequested m) {
            restoreJob(connection, archiveJobId(m.point()), JobKind.ARCHIVE, JobState.PENDING, m.point(), null,
                    m.occurredAt(), null, null, null, null, m.occurredAt());
        } else if (message instanceof PointArchived m) {
            restoreJob(connection, archiveJobId(m.point()), JobKind.ARCHIVE, JobState.COMPLETED, m.point(), null,
                    m.occurredAt(), null, m.occurredAt(), null, m.archivedBy(), m.occurredAt());
            AwsAccount access = m.location().access();
            update(connection, "UPDATE restore_point SET archived_at = COALESCE(archived_at, ?), archive_uri = ?,"
                    + " warm_deleted = warm_deleted OR ?, archive_account_id = ?, archive_role_arn = ?,"
                    + " archive_external_id = ? WHERE policy_id = ? AND table_arn = ? AND slot = ?",
                    m.occurredAt(), m.location().uri(), m.warmDeleted(),
                    access == null ? null : access.accountId(), access == null ? null : access.roleArn(),
                    access == null ? null : access.externalId(), m.point().policyId(),
                    m.point().table().arn(), m.point().slot());
        } else if (message instanceof ArchiveFailed m) {
            restoreJob(connection, archiveJobId(m.point()), JobKind.ARCHIVE, JobState.FAILED, m.point(), null,
                    m.occurredAt(), null, m.occurredAt(), "attempt " + m.attempt() + ": " + m.error(), m.failedBy(),
                    m.occurredAt());
        } else if (message instanceof PolicyUpserted m) {
            update(connection, "INSERT INTO policy (id, version, name, enabled, document, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version,"
                    + " name = excluded.name, enabled = excluded.enabled, document = excluded.document,"
                    + " updated_at = excluded.updated_at WHERE policy.version <= excluded.version",
                    m.policyId(), m.version(), m.policy().name(), m.policy().enabled(), PolicyJson.write(m.policy()),
                    m.occurredAt());
        }
    }

    /**
     * A policy was deleted (a tombstone on the policies topic): its latest version is forgotten, so it no longer
     * selects tables nor has metrics; its jobs, restore points and gaps stay until they are pruned or expire.
     */
    public static void policyDeleted(Connection connection, UUID policyId) throws SQLException {
        update(connection, "DELETE FROM policy WHERE id = ?", policyId);
    }

    /** A deletion that the worker dead-lettered: refused (it must not delete that backup) or failed. */
    /** The one archive job of a point, whatever its attempts. */
    public static UUID archiveJobId(RestoreSource point) {
        return Ids.nameBased("archive-job", point.chainId(), point.slot());
    }

    public static void deletionEnded(Connection connection, PointExpired expired, JobState state, String error,
                                     Instant at) throws SQLException {
        deletionJob(connection, expired.id(), expired.policyId(), expired.table().arn(), expired.slot(), expired.at(),
                state, at, error, expired.backupArn(), expired.backupName(), at);
    }

    /**
     * The job of a restore (id = the restore id, kind RESTORE or RESTORE_TEST): created when the restore is asked for
     * ({@code createdAt}, the request), its table and slot those of the point restored, its backup the one restored.
     */
    public static void restoreJob(Connection connection, UUID restoreId, JobKind kind, JobState state,
                                  RestoreSource source, Long policyVersion, Instant createdAt, Instant startedAt,
                                  Instant endedAt, String error, String startedBy, Instant now) throws SQLException {
        TableRef table = source.table();
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_JOB)) {
            int i = 0;
            statement.setObject(++i, restoreId);
            statement.setString(++i, kind.name());
            statement.setString(++i, state.name());
            statement.setInt(++i, state.rank());
            statement.setObject(++i, source.policyId());
            if (policyVersion == null) {
                statement.setNull(++i, Types.BIGINT);
            } else {
                statement.setLong(++i, policyVersion);
            }
            statement.setString(++i, table.accountId());
            statement.setString(++i, table.region());
            statement.setString(++i, table.name());
            statement.setString(++i, table.arn());
            statement.setTimestamp(++i, timestamp(source.slot()));
            statement.setString(++i, null);
            statement.setTimestamp(++i, timestamp(createdAt));
            statement.setTimestamp(++i, null);
            statement.setTimestamp(++i, timestamp(startedAt));
            statement.setTimestamp(++i, timestamp(endedAt));
            statement.setInt(++i, startedAt == null ? 0 : 1);
            statement.setString(++i, error);
            statement.setString(++i, source.backupArn());
            statement.setString(++i, null);
            statement.setNull(++i, Types.BIGINT);
            statement.setString(++i, startedBy);
            statement.setTimestamp(++i, timestamp(now));
            statement.setString(++i, null);
            statement.setString(++i, null);
            statement.executeUpdate();
        }
    }

    private static void backupJob(Connection connection, DueSlot due, JobState state, Instant now, Instant startedAt,
                                  Instant endedAt, int attempts, String error, String backupArn, String backupName,
                                  String startedBy) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_JOB)) {
            int i = 0;
            statement.setObject(++i, due.dueId());
            statement.setString(++i, JobKind.BACKUP.name());
            statement.setString(++i, state.name());
            statement.setInt(++i, state.rank());
            statement.setObject(++i, due.policyId());
            statement.setLong(++i, due.policyVersion());
            statement.setString(++i, due.table().accountId());
            statement.setString(++i, due.table().region());
            statement.setString(++i, due.table().name());
            statement.setString(++i, due.table().arn());
            statement.setTimestamp(++i, timestamp(due.slot()));
            statement.setString(++i, flags(due.flags()));
            statement.setTimestamp(++i, timestamp(due.slot()));
            statement.setTimestamp(++i, timestamp(due.startWindowEnd()));
            statement.setTimestamp(++i, timestamp(startedAt));
            statement.setTimestamp(++i, timestamp(endedAt));
            statement.setInt(++i, attempts);
            statement.setString(++i, error);
            statement.setString(++i, backupArn);
            statement.setString(++i, backupName);
            statement.setNull(++i, Types.BIGINT);
            statement.setString(++i, startedBy);
            statement.setTimestamp(++i, timestamp(now));
            statement.setString(++i, due.account() == null ? null : due.account().roleArn());
            statement.setString(++i, due.account() == null ? null : due.account().externalId());
            statement.executeUpdate();
        }
    }

    private static void deletionJob(Connection connection, UUID id, UUID policyId, String tableArn, Instant slot,
                                    Instant createdAt, JobState state, Instant endedAt, String error, String backupArn,
                                    String backupName, Instant now) throws SQLException {
        io.gfsbackup.contracts.messages.TableRef table = io.gfsbackup.contracts.messages.TableRef.fromArn(tableArn);
        try (PreparedStatement statement = connection.prepareStatement(UPSERT_JOB)) {
            int i = 0;
            statement.setObject(++i, id);
            statement.setString(++i, JobKind.DELETION.name());
            statement.setString(++i, state.name());
            statement.setInt(++i, state.rank());
            statement.setObject(++i, policyId);
            statement.setNull(++i, Types.BIGINT);
            statement.setString(++i, table.accountId());
            statement.setString(++i, table.region());
            statement.setString(++i, table.name());
            statement.setString(++i, tableArn);
            statement.setTimestamp(++i, timestamp(slot));
            statement.setString(++i, null);
            statement.setTimestamp(++i, timestamp(createdAt));
            statement.setTimestamp(++i, null);
            statement.setTimestamp(++i, state == JobState.PENDING ? null : timestamp(createdAt));
            statement.setTimestamp(++i, timestamp(endedAt));
            statement.setInt(++i, state == JobState.PENDING ? 0 : 1);
            statement.setString(++i, error);
            statement.setString(++i, backupArn);
            statement.setString(++i, backupName);
            statement.setNull(++i, Types.BIGINT);
            statement.setString(++i, null);
            statement.setTimestamp(++i, timestamp(now));
            statement.setString(++i, null);
            statement.setString(++i, null);
            statement.executeUpdate();
        }
    }

    private static void point(Connection connection, BackupCreated created) throws SQLException {
        DueSlot due = created.due();
        update(connection, "INSERT INTO restore_point (policy_id, table_arn, slot, account_id, region, table_name,"
                + " backup_arn, flags, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                due.policyId(), due.table().arn(), due.slot(), due.table().accountId(), due.table().region(),
                due.table().name(), created.backupArn(), flags(due.flags()), created.createdAt());
    }

    /** Takes a flag off a point; the flags are a sorted, comma-separated text, so this is a read and a write. */
    private static void unassign(Connection connection, FlagUnassigned unassigned) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("SELECT flags FROM restore_point"
                + " WHERE policy_id = ? AND table_arn = ? AND slot = ? FOR UPDATE")) {
            read.setObject(1, unassigned.policyId());
            read.setString(2, unassigned.table().arn());
            read.setTimestamp(3, timestamp(unassigned.slot()));
            try (var rows = read.executeQuery()) {
                if (!rows.next()) {
                    return;
                }
                Set<String> flags = new TreeSet<>(Set.of(rows.getString(1).isEmpty() ? new String[0]
                        : rows.getString(1).split(",")));
                flags.remove(unassigned.flag().name());
                update(connection, "UPDATE restore_point SET flags = ? WHERE policy_id = ? AND table_arn = ?"
                        + " AND slot = ?", String.join(",", flags), unassigned.policyId(), unassigned.table().arn(),
                        unassigned.slot());
            }
        }
    }

    static String flags(Set<Tier> flags) {
        return flags.stream().map(Tier::name).sorted().collect(Collectors.joining(","));
    }

    private static void update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                Object value = values[i];
                statement.setObject(i + 1, value instanceof Instant instant ? timestamp(instant) : value);
            }
            statement.executeUpdate();
        }
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
