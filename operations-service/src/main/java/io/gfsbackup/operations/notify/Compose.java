package io.gfsbackup.operations.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

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
import io.gfsbackup.operations.notify.Notification.TableLine;

/**
 * Writes the notifications of the groups: a subject of at most 100 characters, the whole message as text, one line
 * per table. The idempotency key is each rule's own ({@link #forRule}).
 */
final class Compose {

    static final int MAX_SUBJECT = 100;
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Compose() {
    }

    /** {@code notification} with the key of one rule. */
    static Notification forRule(Notification notification, String key) {
        return new Notification(key, notification.event(), notification.policyId(), notification.policyName(),
                notification.slot(), notification.subject(), notification.text(), notification.tables(),
                notification.occurredAt());
    }

    /** BACKUP_FAILED (the failed jobs) or SLOT_MISSED (the missed ones) of a slot, with the jobs still open. */
    static Notification slot(JobGroup group, NotificationEvent event, Duration grace, Instant now) {
        JobState state = event == NotificationEvent.BACKUP_FAILED ? JobState.FAILED : JobState.MISSED;
        List<Job> concerned = group.in(state);
        String verb = state == JobState.FAILED ? "failed" : "missed";
        String head = concerned.size() + " of " + group.jobs().size() + " backups " + verb;
        List<TableLine> tables = new ArrayList<>();
        StringBuilder text = new StringBuilder("Policy " + group.policyName() + " (" + group.policyId() + "), slot "
                + group.at() + ": " + head + ".\n");
        for (Job job : concerned) {
            String detail = state == JobState.FAILED
                    ? "failed after " + job.attempts() + " attempt" + (job.attempts() == 1 ? "" : "s") + ": "
                    + orNone(job.error())
                    : "missed: " + orNone(job.error());
            tables.add(new TableLine(job.tableArn(), detail));
            text.append(job.tableArn()).append(": ").append(detail).append('\n');
        }
        open(group, grace, tables, text, "the start window closed");
        return new Notification(null, event, group.policyId(), group.policyName(), group.at(),
                subject(head + ": " + group.policyName() + ", slot " + MINUTE.format(group.at())), text.toString(),
                tables, now);
    }

    /** DELETION_FAILED or DELETION_REFUSED of the points of a policy that expired at one instant. */
    static Notification deletions(JobGroup group, NotificationEvent event, Duration grace, Instant now) {
        JobState state = event == NotificationEvent.DELETION_FAILED ? JobState.FAILED : JobState.REFUSED;
        List<Job> concerned = group.in(state);
        String verb = state == JobState.FAILED ? "failed" : "refused";
        String head = concerned.size() + " of " + group.jobs().size() + " deletions " + verb;
        List<TableLine> tables = new ArrayList<>();
        StringBuilder text = new StringBuilder("Policy " + group.policyName() + " (" + group.policyId() + "), points"
                + " expired at " + group.at() + ": " + head + "; those backups are kept.\n");
        for (Job job : concerned) {
            String detail = "backup " + orNone(job.backupArn()) + " not deleted (" + verb + "): " + orNone(job.error());
            tables.add(new TableLine(job.tableArn(), detail));
            text.append(job.tableArn()).append(": ").append(detail).append('\n');
        }
        open(group, grace, tables, text, "the points expired");
        return new Notification(null, event, group.policyId(), group.policyName(), group.at(),
                subject(head + ": " + group.policyName() + ", expired " + MINUTE.format(group.at())),
                text.toString(), tables, now);
    }

    /** RETENTION_GAP: the tables of a policy whose gap ends at one instant. */
    static Notification gaps(GapGroup group, Instant now) {
        List<TableLine> tables = new ArrayList<>();
        long distinct = group.gaps().stream().map(Gap::tableArn).distinct().count();
        StringBuilder text = new StringBuilder("Policy " + group.policyName() + " (" + group.policyId() + "): "
                + distinct + " table" + (distinct == 1 ? " has" : "s have") + " a retention gap ending "
                + group.periodEnd() + ": no restore point carries the tier's flag for the period.\n");
        for (Gap gap : group.gaps()) {
            String detail = "no " + gap.tier() + " point in [" + gap.periodStart() + ", " + gap.periodEnd() + ")";
            tables.add(new TableLine(gap.tableArn(), detail));
            text.append(gap.tableArn()).append(": ").append(detail).append('\n');
        }
        return new Notification(null, NotificationEvent.RETENTION_GAP, group.policyId(), group.policyName(),
                group.periodEnd(), subject("Retention gap: " + distinct + " table" + (distinct == 1 ? "" : "s")
                + " of " + group.policyName() + ", period ending " + MINUTE.format(group.periodEnd())),
                text.toString(), tables, now);
    }

    /** DELETIONS_PAUSED: one pause. */
    static Notification pause(Pause pause, Instant now) {
        String text = "Policy " + pause.policyName() + " (" + pause.policyId() + "): the retention service paused its"
                + " deletions at " + pause.pausedAt() + " (" + pause.cause() + "): " + pause.reason() + "\n"
                + "Nothing of the policy is deleted until an admin resumes them (POST /api/v1/policies/"
                + pause.policyId() + "/deletions/resume on the retention service)."
                + (pause.resumedAt() == null ? "" : "\nThey were resumed at " + pause.resumedAt() + ".") + "\n";
        return new Notification(null, NotificationEvent.DELETIONS_PAUSED, pause.policyId(), pause.policyName(), null,
                subject("Deletions paused: " + pause.policyName() + " (" + pause.cause() + ")"), text, List.of(), now);
    }

    /** RESTORE_TEST_FAILED: a run of a policy's restore test that had nothing to restore, or a failed restore. */
    static Notification restoreTest(TestRun run, Duration grace, Instant now) {
        List<TableLine> tables = new ArrayList<>();
        StringBuilder text = new StringBuilder("Policy " + run.policyName() + " (" + run.policyId() + "), restore"
                + " test of " + run.slot() + " (seed " + run.seed() + "): ");
        String head;
        if (run.restores().isEmpty()) {
            head = "nothing to restore";
            text.append("nothing to restore: ").append(orNone(run.reason())).append(".\n");
        } else {
            head = run.failed().size() + " of " + run.restores().size() + " restores failed";
            text.append(head).append(".\n");
            for (TestRestore restore : run.failed()) {
                String detail = "restored to " + restore.target() + ": " + orNone(restore.error());
                tables.add(new TableLine(restore.tableArn(), detail));
                text.append(restore.tableArn()).append(": ").append(detail).append('\n');
            }
            if (!run.open().isEmpty()) {
                text.append("Still open ").append(grace).append(" after the run (").append(run.runAt())
                        .append("), so their outcome is not known yet:\n");
                for (TestRestore restore : run.open()) {
                    tables.add(new TableLine(restore.tableArn(), "still " + restore.state()));
                    text.append(restore.tableArn()).append(": still ").append(restore.state()).append('\n');
                }
            }
        }
        text.append("GET /api/v1/restores?kind=RESTORE_TEST&policyId=").append(run.policyId())
                .append(" shows the restores and their validation.\n");
        return new Notification(null, NotificationEvent.RESTORE_TEST_FAILED, run.policyId(), run.policyName(),
                run.slot(), subject("Restore test failed (" + head + "): " + run.policyName() + ", "
                + MINUTE.format(run.slot())), text.toString(), tables, now);
    }

    /** RESTORE_FAILED: one restore an operator asked for. */
    static Notification restore(FailedRestore restore, Instant now) {
        String detail = "restore of backup " + restore.backupArn() + " (slot " + restore.slot() + ") to "
                + restore.target() + " failed: " + orNone(restore.error());
        String text = "Policy " + restore.policyName() + " (" + restore.policyId() + "): restore " + restore.id()
                + ", asked for by " + restore.requestedBy() + " at " + restore.requestedAt() + ", failed at "
                + restore.endedAt() + ".\n" + restore.tableArn() + ": " + detail + "\n";
        return new Notification(null, NotificationEvent.RESTORE_FAILED, restore.policyId(), restore.policyName(),
                restore.slot(), subject("Restore failed: " + restore.target() + " from "
                + restore.tableArn().substring(restore.tableArn().indexOf(":table/") + 7)), text, List.of(new TableLine(restore.tableArn(), detail)),
                now);
    }

    /** ARCHIVE_FAILED: one failed attempt to copy a point to the archive tier. */
    static Notification archive(FailedArchive archive, Instant now) {
        String detail = "archive copy of backup " + archive.backupArn() + " (slot " + archive.slot() + ") failed at "
                + archive.failedAt() + ": " + orNone(archive.error()) + "; the point stays warm and is tried again";
        String text = "Policy " + archive.policyName() + " (" + archive.policyId() + "): " + archive.tableArn() + ": "
                + detail + ".\nGET /api/v1/jobs/" + archive.jobId() + " shows the job, and the point's history on"
                + " the retention service every attempt.\n";
        return new Notification(null, NotificationEvent.ARCHIVE_FAILED, archive.policyId(), archive.policyName(),
                archive.slot(), subject("Archive copy failed: " + archive.tableArn().substring(
                archive.tableArn().indexOf(":table/") + 7) + ", " + MINUTE.format(archive.slot())), text,
                List.of(new TableLine(archive.tableArn(), detail)), now);
    }

    /** DAILY_DIGEST of one policy: its jobs of the 24 hours by state, the tables with failures. */
    static Notification digest(Digest digest, LocalDate day, NotificationRule.DigestTime time, Instant now) {
        Map<JobState, Integer> backups = digest.counts().getOrDefault(JobKind.BACKUP, Map.of());
        Map<JobState, Integer> deletions = digest.counts().getOrDefault(JobKind.DELETION, Map.of());
        StringBuilder text = new StringBuilder("Policy " + digest.policyName() + " (" + digest.policyId()
                + "), jobs of the 24 hours from " + digest.from() + " to " + digest.to() + " ("
                + String.format(Locale.ROOT, "%02d:00", time.hour()) + " " + time.timeZone().getId() + "):\n");
        text.append("Backups: ").append(counts(JobKind.BACKUP, backups)).append('\n');
        text.append("Deletions: ").append(counts(JobKind.DELETION, deletions)).append('\n');
        Map<String, List<Job>> byTable = new LinkedHashMap<>();
        digest.failures().forEach(job -> byTable.computeIfAbsent(job.tableArn(), t -> new ArrayList<>()).add(job));
        List<TableLine> tables = new ArrayList<>();
        if (byTable.isEmpty()) {
            text.append("No table had a failure.\n");
        } else {
            text.append("Tables with failures:\n");
        }
        for (Map.Entry<String, List<Job>> table : byTable.entrySet()) {
            Map<JobState, Long> states = table.getValue().stream().collect(Collectors.groupingBy(Job::state,
                    LinkedHashMap::new, Collectors.counting()));
            String detail = states.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")) + "; last error: "
                    + orNone(table.getValue().get(table.getValue().size() - 1).error());
            tables.add(new TableLine(table.getKey(), detail));
            text.append(table.getKey()).append(": ").append(detail).append('\n');
        }
        int completed = backups.getOrDefault(JobState.COMPLETED, 0);
        int failed = backups.getOrDefault(JobState.FAILED, 0) + backups.getOrDefault(JobState.MISSED, 0);
        return new Notification(null, NotificationEvent.DAILY_DIGEST, digest.policyId(), digest.policyName(),
                digest.from(), subject("Daily digest " + day + " of " + digest.policyName() + ": " + completed
                + " backups completed, " + failed + " failed or missed"), text.toString(), tables, now);
    }

    private static String counts(JobKind kind, Map<JobState, Integer> counts) {
        return JobState.of(kind).stream().map(state -> state + " " + counts.getOrDefault(state, 0))
                .collect(Collectors.joining(", "));
    }

    /** Adds the jobs still open when the group was sent anyway, after the grace. */
    private static void open(JobGroup group, Duration grace, List<TableLine> tables, StringBuilder text, String since) {
        List<Job> open = group.open();
        if (open.isEmpty()) {
            return;
        }
        text.append("Still open ").append(grace).append(" after ").append(since).append(" (").append(group.windowEnd())
                .append("), so their outcome is not known yet:\n");
        for (Job job : open) {
            String detail = "still " + job.state();
            tables.add(new TableLine(job.tableArn(), detail));
            text.append(job.tableArn()).append(": ").append(detail).append('\n');
        }
    }

    static String subject(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= MAX_SUBJECT ? line : line.substring(0, MAX_SUBJECT - 3) + "...";
    }

    private static String orNone(String text) {
        return text == null || text.isBlank() ? "(no detail)" : text;
    }
}
