package io.gfsbackup.contracts.policy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.Period;

/**
 * The weekly tier (W): the point at {@code time} on {@code day} of every week is flagged W and kept for
 * {@code keep}. Under a daily tier it selects one of the daily points (section 2).
 */
public record WeeklySchedule(DayOfWeek day, LocalTime time, Period keep) {
}
