package io.gfsbackup.operations.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.gfsbackup.clock.TopicClock;
import io.gfsbackup.operations.jobs.JobKind;
import io.gfsbackup.operations.jobs.JobState;
import io.gfsbackup.operations.notify.Groups.Digest;
import io.gfsbackup.operations.notify.Groups.FailedArchive;
import io.gfsbackup.operations.notify.Groups.FailedRestore;
import io.gfsbackup.operations.notify.Groups.Gap;
import io.gfsbackup.operations.notify.Groups.GapGroup;
import io.gfsbackup.operations.notify.Groups.Job;
import io.gfsbackup.operations.notify.Groups.JobGroup;
import io.gfsbackup.operations.notify.Groups.Pause;
import io.gfsbackup.operations.notify.Groups.TestRestore;
import io.gfsbackup.operations.notify.Groups.TestRun;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Decides what to notify, on a thread of its own, from the projection and the service's clock: every
 * {@code decide-interval} it looks for groups that are ready and not decided yet, and for each writes, in one
 * transaction, its decision and one outbox row per rule that wants it. A crash before the commit leaves nothing (the
 * next pass decides the same again); after it, the decision stands (a replayed message, a second replica, a restart
 * find it and write nothing). Groups, each notified once:
 * <ul>
 * <li>a policy's slot (BACKUP_FAILED, SLOT_MISSED): when its start window has closed and no backup job of it is
 * still CREATED or RUNNING, or {@code open-job-grace} after the window closed, naming the jobs still open;</li>
 * <li>a policy's points that expired at one instant (DELETION_FAILED, DELETION_REFUSED): when none of their
 * deletions is still PENDING, or {@code open-job-grace} after the expiry;</li>
 * <li>a policy's retention gaps that end at one instant (RETENTION_GAP): {@code gap-settle} after the last of them
 * was reported;</li>
 * <li>a pause of a policy's deletions (DELETIONS_PAUSED): when it is seen;</li>
 * <li>a run of a policy's restore test (RESTORE_TEST_FAILED) that had nothing to restore, or one of whose restores
 * failed: when none of its restores is still PENDING or RESTORING, or {@code open-job-grace} after the run;</li>
 * <li>a restore an operator asked for that failed (RESTORE_FAILED): when it is seen;</li>
 * <li>an attempt to copy a point to the archive tier that failed (ARCHIVE_FAILED): each attempt when it is seen;</li>
 * <li>a rule's daily digest (DAILY_DIGEST), one per policy: at the rule's hour in its time zone.</li>
 * </ul>
 * Only groups within {@code lookback} of now are considered, and a group is decided with the rules enabled then.
 */
@ApplicationScoped
public class Decider {

    private static final Logger LOG = Logger.getLogger(Decider.class);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    /** The backup slots with a failed or missed job in the lookback, not decided yet, whose window has closed. */
    private static final String SLOTS = """
            SELECT j.policy_id, j.slot AS at, MAX(j.start_window_end) AS window_end
            FROM job j
            WHERE j.kind = 'BACKUP' AND (j.policy_id, j.slot) IN (
                SELECT policy_id, slot FROM job
                WHERE state IN ('FAILED', 'MISSED') AND kind = 'BACKUP' AND created_at >= ? AND created_at <= ?)
              AND NOT EXISTS (SELECT 1 FROM notification_decision d
                              WHERE d.kind = 'SLOT' AND d.subject_id = j.policy_id AND d.scope_at = j.slot)
            GROUP BY j.policy_id, j.slot
            HAVING MAX(j.start_window_end) <= ?
            ORDER BY j.slot, j.policy_id
            """;
    /** The expiry instants with a failed or refused deletion in the lookback, not decided yet. */
    private static final String EXPIRIES = """
            SELECT j.policy_id, j.created_at AS at, j.created_at AS window_end
            FROM job j
            WHERE j.kind = 'DELETION' AND (j.policy_id, j.created_at) IN (
                SELECT policy_id, created_at FROM job
                WHERE state IN ('FAILED', 'REFUSED') AND kind = 'DELETION' AND created_at >= ? AND created_at <= ?)
              AND NOT EXISTS (SELECT 1 FROM notification_decision d
                              WHERE d.kind = 'DELETION' AND d.subject_id = j.policy_id AND d.scope_at = j.created_at)
            GROUP BY j.policy_id, j.created_at
            HAVING MAX(j.created_at) <= ?
            ORDER BY j.created_at, j.policy_id
            """;
    private static final String GAPS = """
            SELECT g.policy_id, g.period_end FROM retention_gap g
            WHERE g.reported_at >= ?
              AND NOT EXISTS (SELECT 1 FROM notification_decision d
                              WHERE d.kind = 'GAP' AND d.subject_id = g.policy_id AND d.scope_at = g.period_end)
            GROUP BY g.policy_id, g.period_end
            HAVING MAX(g.reported_at) <= ?
            ORDER BY g.period_end, g.policy_id
            """;
    private static final String PAUSES = """
            SELECT p.policy_id, p.paused_at, p.cause, p.reason, p.resumed_at FROM deletion_pause p
            WHERE p.paused_at >= ?
              AND NOT EXISTS (SELECT 1 FROM notification_decision d
                              WHERE d.kind = 'PAUSE' AND d.subject_id = p.policy_id AND d.scope_at = p.paused_at)
            """;

    /** The runs of restore tests in the lookback that failed, or one of whose restores did, not decided yet. */
    private static final String TEST_RUNS = """
            SELECT r.policy_id, r.slot, r.seed, r.reason, r.run_at FROM restore_test_run r
            WHERE r.run_at >= ?
              AND (r.state = 'FAILED' OR EXISTS (SELECT 1 FROM restore t WHERE t.kind = 'RESTORE_TEST'
                       AND t.policy_id = r.policy_id AND t.test_slot = r.slot AND t.state = 'FAILED'))
              AND NOT EXISTS (SELECT 1 FROM notification_decision d
                              WHERE d.kind = 'RESTORE_TEST' AND d.subject_id = r.policy_id AND d.scope_at = r.slot)
            ORDER BY r.slot, r.policy_id
            """;
    /** The restores operators asked for that failed in the lookback, not decided yet. */
    private static final String FAILED_RESTORES = """
            SELECT r.id, r.policy_id, r.source_table_arn, r.source_slot, r.backup_arn, r.target_table_name,
                   r.requested_by, r.requested_at, r.ended_at, r.error FROM restore r
            WHERE r.kind = 'RESTORE' AND r.state = 'FAILED' AND r.ended_at >= ?
              AND NOT EXISTS (SELECT 1 FROM notification_decision d
                              WHERE d.kind = 'RESTORE' AND d.subject_id = r.id AND d.scope_at = r.requested_at)
            ORDER BY r.ended_at, r.id
            """;

    /** The failed archive attempts in the lookback, not decided yet (each attempt ends the job at a new instant). */
    private static final String FAILED_ARCHIVES = """
            SELECT j.id, j.policy_id, j.table_arn, j.slot, j.backup_arn, j.ended_at, j.error FROM job j
            WHERE j.kind = 'ARCHIVE' AND j.state = 'FAILED' AND j.ended_at >= ?
              AND NOT EXISTS (SELECT 1 FROM notification_decision d
                              WHERE d.kind = 'ARCHIVE' AND d.subject_id = j.id AND d.scope_at = j.ended_at)
            ORDER BY j.ended_at, j.id
            """;

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    RuleStore rules;

    @Inject
    Dispatcher dispatcher;

    @Inject
    NotificationSettings settings;

    private final Clock wall = Clock.systemUTC();
    private volatile boolean running;
    private volatile String lastComplaint;
    private Thread thread;
    private Instant prunedAt = Instant.EPOCH;

    void onStart(@Observes StartupEvent event) {
        if (settings.enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        if (settings.lookback().compareTo(Duration.ofDays(1).plus(settings.openJobGrace())) <= 0) {
            throw new IllegalStateException("gfs.operations.notifications.lookback (" + settings.lookback()
                    + ") must be longer than a day (the longest start window) plus open-job-grace ("
                    + settings.openJobGrace() + ")");
        }
        running = true;
        thread = new Thread(this::run, "notification-decider");
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    private void run() {
        while (running) {
            try {
                if (!(clock instanceof TopicClock topic) || topic.isSet()) {
                    pass(clock.instant());
                }
                lastComplaint = null;
            } catch (RuntimeException | SQLException e) {
                complain(e);
            }
            try {
                Thread.sleep(Math.max(1, settings.decideInterval().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One pass at {@code now}: decides every group that is ready. Returns how many notifications it added. */
    int pass(Instant now) throws SQLException {
        List<NotificationRule> enabled = rules.enabled();
        Instant from = now.minus(settings.lookback());
        int added = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            for (JobGroup group : jobGroups(connection, JobKind.BACKUP, SLOTS, from, now)) {
                if (ready(group, now)) {
                    added += decide(connection, "SLOT", group.policyId(), group.at(), now, enabled, present(
                            group.in(JobState.FAILED).isEmpty() ? null
                                    : Compose.slot(group, NotificationEvent.BACKUP_FAILED, settings.openJobGrace(), now),
                            group.in(JobState.MISSED).isEmpty() ? null
                                    : Compose.slot(group, NotificationEvent.SLOT_MISSED, settings.openJobGrace(), now)),
                            group.at().toString());
                }
            }
            for (JobGroup group : jobGroups(connection, JobKind.DELETION, EXPIRIES, from, now)) {
                if (ready(group, now)) {
                    added += decide(connection, "DELETION", group.policyId(), group.at(), now, enabled, present(
                            group.in(JobState.FAILED).isEmpty() ? null : Compose.deletions(group,
                                    NotificationEvent.DELETION_FAILED, settings.openJobGrace(), now),
                            group.in(JobState.REFUSED).isEmpty() ? null : Compose.deletions(group,
                                    NotificationEvent.DELETION_REFUSED, settings.openJobGrace(), now)),
                            group.at().toString());
                }
            }
            for (GapGroup group : gapGroups(connection, from, now.minus(settings.gapSettle()))) {
                added += decide(connection, "GAP", group.policyId(), group.periodEnd(), now, enabled,
                        List.of(Compose.gaps(group, now)), group.periodEnd().toString());
            }
            for (Pause pause : pauses(connection, from)) {
                added += decide(connection, "PAUSE", pause.policyId(), pause.pausedAt(), now, enabled,
                        List.of(Compose.pause(pause, now)), pause.pausedAt().toString());
            }
            for (TestRun run : testRuns(connection, from)) {
                if (run.open().isEmpty() || !run.runAt().plus(settings.openJobGrace()).isAfter(now)) {
                    added += decide(connection, "RESTORE_TEST", run.policyId(), run.slot(), now, enabled,
                            List.of(Compose.restoreTest(run, settings.openJobGrace(), now)), run.slot().toString());
                }
            }
            for (FailedRestore restore : failedRestores(connection, from)) {
                added += decide(connection, "RESTORE", restore.id(), restore.requestedAt(), now, enabled,
                        List.of(Compose.restore(restore, now)), restore.id().toString());
            }
            for (FailedArchive archive : failedArchives(connection, from)) {
                added += decide(connection, "ARCHIVE", archive.jobId(), archive.failedAt(), now, enabled,
                        List.of(Compose.archive(archive, now)), archive.jobId() + "@" + archive.failedAt());
            }
            for (NotificationRule rule : enabled) {
                if (rule.events().contains(NotificationEvent.DAILY_DIGEST) && rule.digest() != null) {
                    added += digest(connection, rule, now, from);
                }
            }
            prune(connection, now);
        }
        if (added > 0) {
            dispatcher.wake();
        }
        return added;
    }

    private static List<Notification> present(Notification... notifications) {
        return Arrays.stream(notifications).filter(Objects::nonNull).toList();
    }

    /** Whether a group of jobs is to be notified now: all ended, or open ones past the grace. */
    private boolean ready(JobGroup group, Instant now) {
        return group.open().isEmpty() || !group.windowEnd().plus(settings.openJobGrace()).isAfter(now);
    }

    /**
     * Decides one group in one transaction: its decision, then an outbox row per notification and rule that wants
     * it. When another pass (or replica) decided it already, nothing is written. Returns the rows added.
     */
    private int decide(Connection connection, String kind, UUID subject, Instant scopeAt, Instant now,
                       List<NotificationRule> enabled, List<Notification> notifications, String scope)
            throws SQLException {
        try {
            if (!claim(connection, kind, subject, scopeAt, now)) {
                connection.rollback();
                return 0;
            }
            int added = 0;
            Instant wallNow = wall.instant();
            for (Notification notification : notifications) {
                for (NotificationRule rule : enabled) {
                    if (rule.wants(notification.event(), notification.policyId())) {
                        String key = Outbox.key(rule.id(), notification.event(), notification.policyId(), scope)
                                .toString();
                        if (Outbox.add(connection, rule.id(), Compose.forRule(notification, key), now, wallNow)) {
                            added++;
                        }
                    }
                }
            }
            count(connection, kind, subject, scopeAt, added);
            connection.commit();
            return added;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /** Records the decision of a group; false when it was decided already. */
    private static boolean claim(Connection connection, String kind, UUID subject, Instant scopeAt, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO notification_decision (kind,"
                + " subject_id, scope_at, decided_at, notifications) VALUES (?, ?, ?, ?, 0) ON CONFLICT DO NOTHING")) {
            insert.setString(1, kind);
            insert.setObject(2, subject);
            insert.setTimestamp(3, Timestamp.from(scopeAt));
            insert.setTimestamp(4, Timestamp.from(now));
            return insert.executeUpdate() == 1;
        }
    }

    private static void count(Connection connection, String kind, UUID subject, Instant scopeAt, int added)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE notification_decision SET notifications"
                + " = ? WHERE kind = ? AND subject_id = ? AND scope_at = ?")) {
            update.setInt(1, added);
            update.setString(2, kind);
            update.setObject(3, subject);
            update.setTimestamp(4, Timestamp.from(scopeAt));
            update.executeUpdate();
        }
    }

    /** The digest of {@code rule} that is due, if one is: one notification per policy. */
    private int digest(Connection connection, NotificationRule rule, Instant now, Instant from) throws SQLException {
        ZonedDateTime local = now.atZone(rule.digest().timeZone());
        ZonedDateTime at = local.toLocalDate().atTime(rule.digest().hour(), 0).atZone(rule.digest().timeZone());
        if (at.isAfter(local)) {
            at = local.toLocalDate().minusDays(1).atTime(rule.digest().hour(), 0).atZone(rule.digest().timeZone());
        }
        Instant to = at.toInstant();
        if (to.isBefore(from) || to.isBefore(rule.updatedAt()) || decided(connection, rule.id(), to)) {
            return 0;
        }
        Instant start = to.minus(Duration.ofDays(1));
        LocalDate day = at.toLocalDate();
        List<Notification> notifications = new ArrayList<>();
        for (UUID policyId : digestPolicies(connection, rule, start, to)) {
            Digest digest = digestOf(connection, policyId, start, to);
            notifications.add(Compose.digest(digest, day, rule.digest(), now));
        }
        try {
            if (!claim(connection, "DIGEST", rule.id(), to, now)) {
                connection.rollback();
                return 0;
            }
            int added = 0;
            Instant wallNow = wall.instant();
            for (Notification notification : notifications) {
                String key = Outbox.key(rule.id(), NotificationEvent.DAILY_DIGEST, notification.policyId(),
                        day.toString()).toString();
                if (Outbox.add(connection, rule.id(), Compose.forRule(notification, key), now, wallNow)) {
                    added++;
                }
            }
            count(connection, "DIGEST", rule.id(), to, added);
            connection.commit();
            return added;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private static boolean decided(Connection connection, UUID ruleId, Instant at) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM notification_decision"
                + " WHERE kind = 'DIGEST' AND subject_id = ? AND scope_at = ?")) {
            select.setObject(1, ruleId);
            select.setTimestamp(2, Timestamp.from(at));
            try (ResultSet rows = select.executeQuery()) {
                boolean found = rows.next();
                connection.rollback();
                return found;
            }
        }
    }

    /** The rule's policies; for a rule of every policy, those enabled and those with jobs in the period. */
    private static Set<UUID> digestPolicies(Connection connection, NotificationRule rule, Instant from, Instant to)
            throws SQLException {
        if (!rule.policies().isEmpty()) {
            return new LinkedHashSet<>(rule.policies());
        }
        Set<UUID> policies = new LinkedHashSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM policy WHERE enabled UNION"
                + " SELECT DISTINCT policy_id FROM job WHERE created_at >= ? AND created_at < ? ORDER BY 1")) {
            select.setTimestamp(1, Timestamp.from(from));
            select.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    policies.add((UUID) rows.getObject(1));
                }
            }
        }
        return policies;
    }

    private static Digest digestOf(Connection connection, UUID policyId, Instant from, Instant to)
            throws SQLException {
        Map<JobKind, Map<JobState, Integer>> counts = new EnumMap<>(JobKind.class);
        try (PreparedStatement select = connection.prepareStatement("SELECT kind, state, COUNT(*) FROM job"
                + " WHERE policy_id = ? AND created_at >= ? AND created_at < ? GROUP BY kind, state")) {
            select.setObject(1, policyId);
            select.setTimestamp(2, Timestamp.from(from));
            select.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.computeIfAbsent(JobKind.valueOf(rows.getString(1)), k -> new EnumMap<>(JobState.class))
                            .put(JobState.valueOf(rows.getString(2)), rows.getInt(3));
                }
            }
        }
        List<Job> failures = jobs(connection, "SELECT table_arn, state, attempts, error, backup_arn FROM job"
                + " WHERE policy_id = ? AND created_at >= ? AND created_at < ?"
                + " AND state IN ('FAILED', 'MISSED', 'REFUSED') ORDER BY table_arn, created_at", policyId, from, to);
        return new Digest(policyId, policyName(connection, policyId), from, to, counts, failures);
    }

    private static List<JobGroup> jobGroups(Connection connection, JobKind kind, String sql, Instant from, Instant now)
            throws SQLException {
        List<JobGroup> groups = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setTimestamp(1, Timestamp.from(from));
            select.setTimestamp(2, Timestamp.from(now));
            select.setTimestamp(3, Timestamp.from(now));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    groups.add(new JobGroup(kind, (UUID) rows.getObject("policy_id"), null,
                            rows.getTimestamp("at").toInstant(), rows.getTimestamp("window_end").toInstant(),
                            List.of()));
                }
            }
        }
        List<JobGroup> loaded = new ArrayList<>();
        for (JobGroup group : groups) {
            String column = kind == JobKind.BACKUP ? "slot" : "created_at";
            loaded.add(new JobGroup(kind, group.policyId(), policyName(connection, group.policyId()), group.at(),
                    group.windowEnd(), jobs(connection, "SELECT table_arn, state, attempts, error, backup_arn FROM job"
                    + " WHERE policy_id = ? AND kind = ? AND " + column + " = ? ORDER BY table_arn", group.policyId(),
                    kind.name(), group.at())));
        }
        connection.rollback();
        return loaded;
    }

    private static List<GapGroup> gapGroups(Connection connection, Instant from, Instant settledBefore)
            throws SQLException {
        List<GapGroup> groups = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(GAPS)) {
            select.setTimestamp(1, Timestamp.from(from));
            select.setTimestamp(2, Timestamp.from(settledBefore));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    groups.add(new GapGroup((UUID) rows.getObject(1), null, rows.getTimestamp(2).toInstant(),
                            List.of()));
                }
            }
        }
        List<GapGroup> loaded = new ArrayList<>();
        for (GapGroup group : groups) {
            List<Gap> gaps = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT table_arn, tier, period_start,"
                    + " period_end FROM retention_gap WHERE policy_id = ? AND period_end = ?"
                    + " ORDER BY table_arn, tier")) {
                select.setObject(1, group.policyId());
                select.setTimestamp(2, Timestamp.from(group.periodEnd()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        gaps.add(new Gap(rows.getString(1), rows.getString(2), rows.getTimestamp(3).toInstant(),
                                rows.getTimestamp(4).toInstant()));
                    }
                }
            }
            loaded.add(new GapGroup(group.policyId(), policyName(connection, group.policyId()), group.periodEnd(),
                    gaps));
        }
        connection.rollback();
        return loaded;
    }

    private static List<TestRun> testRuns(Connection connection, Instant from) throws SQLException {
        List<TestRun> runs = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(TEST_RUNS)) {
            select.setTimestamp(1, Timestamp.from(from));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    runs.add(new TestRun((UUID) rows.getObject(1), null, rows.getTimestamp(2).toInstant(),
                            rows.getLong(3), rows.getString(4), rows.getTimestamp(5).toInstant(), List.of()));
                }
            }
        }
        List<TestRun> loaded = new ArrayList<>();
        for (TestRun run : runs) {
            List<TestRestore> restores = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT source_table_arn, state, error,"
                    + " target_table_name FROM restore WHERE kind = 'RESTORE_TEST' AND policy_id = ? AND test_slot = ?"
                    + " ORDER BY source_table_arn")) {
                select.setObject(1, run.policyId());
                select.setTimestamp(2, Timestamp.from(run.slot()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        restores.add(new TestRestore(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4)));
                    }
                }
            }
            loaded.add(new TestRun(run.policyId(), policyName(connection, run.policyId()), run.slot(), run.seed(),
                    run.reason(), run.runAt(), restores));
        }
        connection.rollback();
        return loaded;
    }

    private static List<FailedArchive> failedArchives(Connection connection, Instant from) throws SQLException {
        List<FailedArchive> archives = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(FAILED_ARCHIVES)) {
            select.setTimestamp(1, Timestamp.from(from));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    archives.add(new FailedArchive((UUID) rows.getObject("id"), (UUID) rows.getObject("policy_id"),
                            null, rows.getString("table_arn"), rows.getTimestamp("slot").toInstant(),
                            rows.getString("backup_arn"), rows.getTimestamp("ended_at").toInstant(),
                            rows.getString("error")));
                }
            }
        }
        List<FailedArchive> named = new ArrayList<>();
        for (FailedArchive archive : archives) {
            named.add(new FailedArchive(archive.jobId(), archive.policyId(), policyName(connection, archive.policyId()),
                    archive.tableArn(), archive.slot(), archive.backupArn(), archive.failedAt(), archive.error()));
        }
        connection.rollback();
        return named;
    }

    private static List<FailedRestore> failedRestores(Connection connection, Instant from) throws SQLException {
        List<FailedRestore> restores = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(FAILED_RESTORES)) {
            select.setTimestamp(1, Timestamp.from(from));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    restores.add(new FailedRestore((UUID) rows.getObject("id"), (UUID) rows.getObject("policy_id"),
                            null, rows.getString("source_table_arn"), rows.getTimestamp("source_slot").toInstant(),
                            rows.getString("backup_arn"), rows.getString("target_table_name"),
                            rows.getString("requested_by"), rows.getTimestamp("requested_at").toInstant(),
                            rows.getTimestamp("ended_at").toInstant(), rows.getString("error")));
                }
            }
        }
        List<FailedRestore> named = new ArrayList<>();
        for (FailedRestore restore : restores) {
            named.add(new FailedRestore(restore.id(), restore.policyId(), policyName(connection, restore.policyId()),
                    restore.tableArn(), restore.slot(), restore.backupArn(), restore.target(), restore.requestedBy(),
                    restore.requestedAt(), restore.endedAt(), restore.error()));
        }
        connection.rollback();
        return named;
    }

    private static List<Pause> pauses(Connection connection, Instant from) throws SQLException {
        List<Pause> pauses = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(PAUSES)) {
            select.setTimestamp(1, Timestamp.from(from));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Timestamp resumed = rows.getTimestamp(5);
                    pauses.add(new Pause((UUID) rows.getObject(1), null, rows.getTimestamp(2).toInstant(),
                            rows.getString(3), rows.getString(4), resumed == null ? null : resumed.toInstant()));
                }
            }
        }
        List<Pause> named = new ArrayList<>();
        for (Pause pause : pauses) {
            named.add(new Pause(pause.policyId(), policyName(connection, pause.policyId()), pause.pausedAt(),
                    pause.cause(), pause.reason(), pause.resumedAt()));
        }
        connection.rollback();
        return named;
    }

    private static List<Job> jobs(Connection connection, String sql, Object... values) throws SQLException {
        List<Job> jobs = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                select.setObject(i + 1, values[i] instanceof Instant instant ? Timestamp.from(instant) : values[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    jobs.add(new Job(rows.getString(1), JobState.valueOf(rows.getString(2)), rows.getInt(3),
                            rows.getString(4), rows.getString(5)));
                }
            }
        }
        return jobs;
    }

    /** The policy's name as the policies topic last said; its id when the projection has not seen it. */
    private static String policyName(Connection connection, UUID policyId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT name FROM policy WHERE id = ?")) {
            select.setObject(1, policyId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : policyId.toString();
            }
        }
    }

    /**
     * Now and then, forgets decisions older than any group a pass could look at (every group's instant is at or before
     * its decision), and notifications no longer pending after {@code keep}.
     */
    private void prune(Connection connection, Instant now) throws SQLException {
        Instant wallNow = wall.instant();
        if (Duration.between(prunedAt, wallNow).compareTo(PRUNE_EVERY) < 0) {
            return;
        }
        prunedAt = wallNow;
        try (PreparedStatement decisions = connection.prepareStatement("DELETE FROM notification_decision"
                + " WHERE decided_at < ?");
             PreparedStatement outbox = connection.prepareStatement("DELETE FROM notification_outbox"
                     + " WHERE state <> 'PENDING' AND decided_at < ?")) {
            decisions.setTimestamp(1, Timestamp.from(now.minus(settings.lookback().multipliedBy(2))));
            int forgotten = decisions.executeUpdate();
            outbox.setTimestamp(1, Timestamp.from(now.minus(settings.keep())));
            int deleted = outbox.executeUpdate();
            connection.commit();
            if (forgotten + deleted > 0) {
                LOG.debugf("pruned %d notification decisions and %d notifications", forgotten, deleted);
            }
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    /** Logs a failure of the loop, with its stack trace when it is not the same as the last one. */
    private void complain(Exception e) {
        String text = String.valueOf(e);
        if (text.equals(lastComplaint)) {
            LOG.debugf("the notification decider still could not finish a pass: %s", text);
        } else {
            lastComplaint = text;
            LOG.warnf(e, "the notification decider could not finish a pass (it tries again): %s", text);
        }
    }
}
