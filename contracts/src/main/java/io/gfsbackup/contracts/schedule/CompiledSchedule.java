package io.gfsbackup.contracts.schedule;

import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.DailySchedule;
import io.gfsbackup.contracts.policy.MonthlySchedule;
import io.gfsbackup.contracts.policy.Schedule;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.policy.WeekOfMonth;
import io.gfsbackup.contracts.policy.WeeklySchedule;
import io.gfsbackup.contracts.policy.YearlySchedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A policy's schedule reduced to bit masks and seconds of the day, so that the slots of a day cost a few
 * comparisons. Built per call; it holds no state between calls.
 */
final class CompiledSchedule {

    private static final int NONE = -1;

    private final Tier creating;
    private final int[] creatingSeconds;
    private final LocalClock clock;

    private final int dailyDays;
    private final int[] dailySeconds;
    private final int weeklyDay;
    private final int weeklySecond;
    private final int monthlyMonths;
    private final WeekOfMonth monthlyWeek;
    private final int monthlyDay;
    private final int monthlySecond;
    private final int yearlyMonth;
    private final WeekOfMonth yearlyWeek;
    private final int yearlyDay;
    private final int yearlySecond;

    CompiledSchedule(BackupPolicy policy) {
        Schedule schedule = policy.schedule();
        this.creating = HarmonizedSchedule.creatingTier(schedule);
        this.clock = new LocalClock(policy.timeZone());

        DailySchedule daily = schedule.daily();
        this.dailyDays = daily == null ? 0 : dayMask(daily.days());
        this.dailySeconds = daily == null ? new int[0] : seconds(daily.times());

        WeeklySchedule weekly = schedule.weekly();
        this.weeklyDay = weekly == null ? NONE : weekly.day().getValue();
        this.weeklySecond = weekly == null ? NONE : weekly.time().toSecondOfDay();

        MonthlySchedule monthly = schedule.monthly();
        this.monthlyMonths = monthly == null ? 0 : monthMask(monthly.months());
        this.monthlyWeek = monthly == null ? null : monthly.week();
        this.monthlyDay = monthly == null ? NONE : monthly.day().getValue();
        this.monthlySecond = monthly == null ? NONE : monthly.time().toSecondOfDay();

        YearlySchedule yearly = schedule.yearly();
        this.yearlyMonth = yearly == null ? NONE : yearly.month().getValue();
        this.yearlyWeek = yearly == null ? null : yearly.week();
        this.yearlyDay = yearly == null ? NONE : yearly.day().getValue();
        this.yearlySecond = yearly == null ? NONE : yearly.time().toSecondOfDay();

        this.creatingSeconds = switch (creating) {
            case D -> dailySeconds;
            case W -> new int[] {weeklySecond};
            case M -> new int[] {monthlySecond};
            case Y -> new int[] {yearlySecond};
        };
    }

    /** The slots in {@code [from, to)}, in time order, two local times at one instant merged into one slot. */
    List<Slot> slots(Instant from, Instant to) {
        List<Slot> slots = new ArrayList<>();
        if (!from.isBefore(to)) {
            return slots;
        }
        long fromSecond = from.getEpochSecond();
        long toSecond = to.getEpochSecond();
        boolean sorted = true;
        LocalDate last = clock.dateOf(to).plusDays(1);
        for (LocalDate date = clock.dateOf(from).minusDays(1); !date.isAfter(last); date = date.plusDays(1)) {
            if (!creatingMatches(date)) {
                continue;
            }
            LocalClock.Day day = clock.day(date);
            for (int second : creatingSeconds) {
                long at = day.epochSecond(second);
                if (at < fromSecond || at > toSecond || !inRange(at, from, to)) {
                    continue;
                }
                Slot slot = new Slot(Instant.ofEpochSecond(at), Flags.ofBits(flags(date, second)));
                sorted &= slots.isEmpty() || slots.get(slots.size() - 1).at().getEpochSecond() < at;
                slots.add(slot);
            }
        }
        return sorted ? slots : sortAndMerge(slots);
    }

    private static boolean inRange(long epochSecond, Instant from, Instant to) {
        Instant at = Instant.ofEpochSecond(epochSecond);
        return !at.isBefore(from) && at.isBefore(to);
    }

    private static List<Slot> sortAndMerge(List<Slot> slots) {
        slots.sort(null);
        List<Slot> merged = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            Slot previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && previous.at().equals(slot.at())) {
                int bits = 0;
                for (Tier tier : previous.flags()) {
                    bits |= Flags.bit(tier);
                }
                for (Tier tier : slot.flags()) {
                    bits |= Flags.bit(tier);
                }
                merged.set(merged.size() - 1, new Slot(slot.at(), Flags.ofBits(bits)));
            } else {
                merged.add(slot);
            }
        }
        return merged;
    }

    private boolean creatingMatches(LocalDate date) {
        int day = date.getDayOfWeek().getValue();
        return switch (creating) {
            case D -> (dailyDays & (1 << day)) != 0;
            case W -> day == weeklyDay;
            case M -> monthlyMatchesDate(date, day);
            case Y -> yearlyMatchesDate(date, day);
        };
    }

    private boolean monthlyMatchesDate(LocalDate date, int day) {
        return day == monthlyDay && (monthlyMonths & (1 << date.getMonthValue())) != 0 && monthlyWeek.matches(date);
    }

    private boolean yearlyMatchesDate(LocalDate date, int day) {
        return day == yearlyDay && date.getMonthValue() == yearlyMonth && yearlyWeek.matches(date);
    }

    /** The flags of the local date-time {@code date second} as bits: every tier whose rule matches it. */
    private int flags(LocalDate date, int second) {
        int day = date.getDayOfWeek().getValue();
        int bits = 0;
        if ((dailyDays & (1 << day)) != 0 && contains(dailySeconds, second)) {
            bits |= Flags.bit(Tier.D);
        }
        if (day == weeklyDay && second == weeklySecond) {
            bits |= Flags.bit(Tier.W);
        }
        if (second == monthlySecond && monthlyMatchesDate(date, day)) {
            bits |= Flags.bit(Tier.M);
        }
        if (second == yearlySecond && yearlyMatchesDate(date, day)) {
            bits |= Flags.bit(Tier.Y);
        }
        return bits;
    }

    private static boolean contains(int[] sortedSeconds, int second) {
        return Arrays.binarySearch(sortedSeconds, second) >= 0;
    }

    private static int[] seconds(List<LocalTime> times) {
        return times.stream().mapToInt(LocalTime::toSecondOfDay).sorted().distinct().toArray();
    }

    private static int dayMask(Iterable<DayOfWeek> days) {
        int mask = 0;
        for (DayOfWeek day : days) {
            mask |= 1 << day.getValue();
        }
        return mask;
    }

    private static int monthMask(Iterable<Month> months) {
        int mask = 0;
        for (Month month : months) {
            mask |= 1 << month.getValue();
        }
        return mask;
    }
}
