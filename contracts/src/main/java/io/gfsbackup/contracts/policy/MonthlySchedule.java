package io.gfsbackup.contracts.policy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.Period;
import java.util.Set;

/**
 * The monthly tier (M): in each of {@code months}, the point at {@code time} on the {@code week}-th
 * {@code day} of the month is flagged M and kept for {@code keep}. {@code months} defaults to all twelve
 * (section 1).
 */
public record MonthlySchedule(Set<java.time.Month> months, WeekOfMonth week, DayOfWeek day, LocalTime time,
                              Period keep) {

    public MonthlySchedule {
        months = months == null ? Collections2.allMonths() : Collections2.enumSet(months, java.time.Month.class);
    }
}
