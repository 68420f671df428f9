package io.gfsbackup.contracts.policy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.Month;
import java.time.Period;

/**
 * The yearly tier (Y): the point at {@code time} on the {@code week}-th {@code day} of {@code month} is
 * flagged Y and kept for {@code keep}.
 */
public record YearlySchedule(Month month, WeekOfMonth week, DayOfWeek day, LocalTime time, Period keep) {
}
