package io.gfsbackup.contracts.policy;

import java.time.Duration;
import java.time.ZoneId;

/**
 * A backup policy as the REST API accepts it (retention-semantics, section 1): which tables, on which
 * harmonized schedule, in which time zone, how late a slot may start, the retention safety rail and
 * the optional restore test and archive tier ({@code null}: none).
 *
 * <p>Absent optional parts take the defaults of section 1: time zone {@code UTC}, start window
 * {@code PT1H}, {@code keepAtLeast} 1, an empty description. The record does not validate itself: use
 * {@link PolicyValidator#validate(BackupPolicy)}, or read it with {@link PolicyJson#read(String)}, which
 * validates.
 */
public record BackupPolicy(String name, String description, boolean enabled, ZoneId timeZone,
                           TableSelection selection, Schedule schedule, Duration startWindow,
                           RetentionSafety retentionSafety, RestoreTest restoreTest, Archive archive) {

    public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("UTC");
    public static final Duration DEFAULT_START_WINDOW = Duration.ofHours(1);

    public BackupPolicy {
        description = description == null ? "" : description;
        timeZone = timeZone == null ? DEFAULT_TIME_ZONE : timeZone;
        startWindow = startWindow == null ? DEFAULT_START_WINDOW : startWindow;
        retentionSafety = retentionSafety == null ? RetentionSafety.DEFAULT : retentionSafety;
    }

    /** A policy without an archive tier. */
    public BackupPolicy(String name, String description, boolean enabled, ZoneId timeZone, TableSelection selection,
                        Schedule schedule, Duration startWindow, RetentionSafety retentionSafety,
                        RestoreTest restoreTest) {
        this(name, description, enabled, timeZone, selection, schedule, startWindow, retentionSafety, restoreTest,
                null);
    }

    /** A policy without a restore test or an archive tier. */
    public BackupPolicy(String name, String description, boolean enabled, ZoneId timeZone, TableSelection selection,
                        Schedule schedule, Duration startWindow, RetentionSafety retentionSafety) {
        this(name, description, enabled, timeZone, selection, schedule, startWindow, retentionSafety, null, null);
    }
}
