package io.gfsbackup.contracts.policy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.Period;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The daily tier (D): a restore point at each of {@code times} on each of {@code days}, flagged D and kept
 * for {@code keep}. {@code days} defaults to all seven (section 1). The order of {@code times} is kept as
 * given; slots are computed in time order regardless.
 */
public record DailySchedule(List<LocalTime> times, Set<DayOfWeek> days, Period keep) {

    public DailySchedule {
        times = times == null ? List.of() : List.copyOf(times);
        days = days == null ? Collections2.allDays() : Collections2.enumSet(days, DayOfWeek.class);
    }

    /** A schedule that runs on every day of the week. */
    public static DailySchedule everyDay(Period keep, LocalTime... times) {
        return new DailySchedule(List.of(times), EnumSet.allOf(DayOfWeek.class), keep);
    }
}
