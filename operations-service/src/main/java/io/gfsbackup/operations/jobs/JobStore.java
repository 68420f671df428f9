package io.gfsbackup.operations.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.gfsbackup.operations.sql.Sql;

/** Reads the jobs of the projection, and prunes old ones. */
@ApplicationScoped
public class JobStore {

    private static final String COLUMNS = "id, kind, state, policy_id, policy_version, account_id, region, table_name,"
            + " table_arn, slot, flags, created_at, start_window_end, started_at, ended_at, attempts, error,"
            + " backup_arn, backup_name, size_bytes, item_count, described_at, started_by";

    @Inject
    DataSource dataSource;

    /** A page of jobs, newest first, and the cursor of the next page if there is one (absent on the last page). */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Page(List<JobView> jobs, String nextCursor) {
    }

    public Page list(JobQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM job WHERE true");
        List<Object> values = new ArrayList<>();
        if (query.policyId() != null) {
            sql.append(" AND policy_id = ?");
            values.add(query.policyId());
        }
        if (query.table() != null) {
            sql.append(query.table().startsWith("arn:") ? " AND table_arn = ?" : " AND table_name = ?");
            values.add(query.table());
        }
        if (query.accountId() != null) {
            sql.append(" AND account_id = ?");
            values.add(query.accountId());
        }
        if (query.states() != null && !query.states().isEmpty()) {
            sql.append(" AND state IN (").append(String.join(", ", query.states().stream().map(s -> "?").toList()))
                    .append(')');
            query.states().forEach(state -> values.add(state.name()));
        }
        if (query.kind() != null) {
            sql.append(" AND kind = ?");
            values.add(query.kind().name());
        }
        if (query.from() != null) {
            sql.append(" AND created_at >= ?");
            values.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND created_at < ?");
            values.add(Timestamp.from(query.to()));
        }
        if (query.after() != null) {
            sql.append(" AND (created_at, id) < (?, ?)");
            values.add(Timestamp.from(query.after().createdAt()));
            values.add(query.after().id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        values.add(query.limit() + 1);
        List<JobView> jobs = read(sql.toString(), values.toArray());
        String next = null;
        if (jobs.size() > query.limit()) {
            jobs = new ArrayList<>(jobs.subList(0, query.limit()));
            JobView last = jobs.get(jobs.size() - 1);
            next = new JobCursor(last.createdAt(), last.id()).encode();
        }
        return new Page(jobs, next);
    }

    public Optional<JobView> find(UUID id) {
        return read("SELECT " + COLUMNS + " FROM job WHERE id = ?", id).stream().findFirst();
    }

    /**
     * Deletes the jobs that ended (or, never ended, were created) longer than {@code keep} before {@code now};
     * returns how many.
     */
    public int prune(Instant now, Duration keep) {
        Timestamp before = Timestamp.from(now.minus(keep));
        return update("DELETE FROM job WHERE COALESCE(ended_at, created_at) < ?", before);
    }

    private List<JobView> read(String sql, Object... values) {
        return Sql.list(dataSource, "jobs", sql, JobStore::view, values);
    }

    private int update(String sql, Object... values) {
        return Sql.update(dataSource, "jobs", sql, values);
    }

    private static JobView view(ResultSet rows) throws SQLException {
        JobKind kind = JobKind.valueOf(rows.getString("kind"));
        Instant startedAt = instant(rows, "started_at");
        Instant endedAt = instant(rows, "ended_at");
        String flags = rows.getString("flags");
        Long size = (Long) rows.getObject("size_bytes");
        Instant describedAt = instant(rows, "described_at");
        return new JobView((UUID) rows.getObject("id"), kind, JobState.valueOf(rows.getString("state")),
                (UUID) rows.getObject("policy_id"), (Long) rows.getObject("policy_version"),
                rows.getString("account_id"), rows.getString("region"), rows.getString("table_name"),
                rows.getString("table_arn"), instant(rows, "slot"),
                flags == null ? null : flags.isEmpty() ? List.of() : Arrays.asList(flags.split(",")),
                instant(rows, "created_at"), instant(rows, "start_window_end"), startedAt, endedAt,
                startedAt != null && endedAt != null ? Duration.between(startedAt, endedAt).toSeconds() : null,
                rows.getInt("attempts"), rows.getString("error"), rows.getString("backup_arn"),
                rows.getString("backup_name"), describedAt == null ? null : size,
                (Long) rows.getObject("item_count"), describedAt == null ? null : Boolean.TRUE, describedAt,
                rows.getString("started_by"));
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
