package io.gfsbackup.contracts.policy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy's restore test (docs/restore.md): at {@code time} on {@code day} of every week, or, with a {@code week},
 * of the {@code week}-th such day of every month, in the policy's time zone, restore {@code tables} of the tables the
 * policy selects (those whose backup is at most {@code maxTableSizeBytes}, when set) from the {@code point} chosen
 * (the latest, or one drawn at random among those of the last {@code withinDays} days) to a scratch table, validate
 * it, and drop it after {@code keepFor}.
 */
public record RestoreTest(WeekOfMonth week, DayOfWeek day, LocalTime time, PointChoice point, int withinDays,
                          int tables, Long maxTableSizeBytes, RestoreValidation validation, Duration keepFor) {

    public static final int DEFAULT_WITHIN_DAYS = 30;
    public static final int DEFAULT_TABLES = 1;
    public static final Duration DEFAULT_KEEP_FOR = Duration.ZERO;

    /** Which point of a chain a test restores. */
    public enum PointChoice {
        /** The newest point that is alive at the test's slot. */
        LATEST,
        /** One drawn at random, with the run's recorded seed, among the alive points of the last {@code withinDays}. */
        RANDOM
    }

    public RestoreTest {
        point = point == null ? PointChoice.LATEST : point;
        validation = validation == null ? RestoreValidation.DEFAULT : validation;
        keepFor = keepFor == null ? DEFAULT_KEEP_FOR : keepFor;
    }

    /** Whether the test runs monthly (a {@code week} is given) rather than weekly. */
    public boolean monthly() {
        return week != null;
    }

    /**
     * The test's slots after {@code from} (exclusive) up to {@code to} (inclusive), oldest first, in {@code zone}
     * (a local time in a gap moves later by the gap, in an overlap takes the earlier offset, as for backup slots).
     */
    public List<Instant> slots(ZoneId zone, Instant from, Instant to) {
        List<Instant> slots = new ArrayList<>();
        if (day == null || time == null || !from.isBefore(to)) {
            return slots;
        }
        LocalDate date = LocalDate.ofInstant(from, zone).minusDays(1);
        LocalDate last = LocalDate.ofInstant(to, zone).plusDays(1);
        for (; !date.isAfter(last); date = date.plusDays(1)) {
            if (date.getDayOfWeek() != day || (week != null && !week.matches(date))) {
                continue;
            }
            Instant slot = ZonedDateTime.of(date, time, zone).toInstant();
            if (slot.isAfter(from) && !slot.isAfter(to)) {
                slots.add(slot);
            }
        }
        return slots;
    }
}
