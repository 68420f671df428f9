package io.gfsbackup.benchmarks;

import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.DailySchedule;
import io.gfsbackup.contracts.policy.MonthlySchedule;
import io.gfsbackup.contracts.policy.PolicyValidator;
import io.gfsbackup.contracts.policy.RetentionSafety;
import io.gfsbackup.contracts.policy.Schedule;
import io.gfsbackup.contracts.policy.TableSelection;
import io.gfsbackup.contracts.policy.WeekOfMonth;
import io.gfsbackup.contracts.policy.WeeklySchedule;
import io.gfsbackup.contracts.policy.YearlySchedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.Month;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The policies the benchmarks run: valid, harmonized, in zones with and without daylight saving. */
final class BenchmarkPolicies {

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/New_York"), ZoneId.of("Asia/Tokyo"), ZoneId.of("Australia/Sydney"),
            ZoneId.of("America/Sao_Paulo"));

    private BenchmarkPolicies() {
    }

    /** 24 daily times kept 3 days, weekly Monday 00:00 kept 4 weeks, monthly kept 12 months, yearly kept 7 years. */
    static BackupPolicy hourlyGfs(ZoneId zone) {
        List<LocalTime> times = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            times.add(LocalTime.of(hour, 0));
        }
        LocalTime midnight = LocalTime.MIDNIGHT;
        return valid(new BackupPolicy("hourly-gfs", "", true, zone,
                new TableSelection("us-east-1", List.of("*"), Map.of(), List.of()),
                new Schedule(new DailySchedule(times, null, Period.ofDays(3)),
                        new WeeklySchedule(DayOfWeek.MONDAY, midnight, Period.ofWeeks(4)),
                        new MonthlySchedule(null, WeekOfMonth.FIRST, DayOfWeek.MONDAY, midnight, Period.ofMonths(12)),
                        new YearlySchedule(Month.JANUARY, WeekOfMonth.FIRST, DayOfWeek.MONDAY, midnight,
                                Period.ofYears(7))),
                Duration.ofHours(1), new RetentionSafety(1)));
    }

    /** {@code count} varied policies: 1 to 24 daily times, some with W/M/Y, in six zones; seeded, so repeatable. */
    static List<BackupPolicy> many(int count) {
        Random random = new Random(42);
        List<BackupPolicy> policies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
            int timesPerDay = 1 + random.nextInt(24);
            int firstHour = random.nextInt(24 - timesPerDay + 1);
            List<LocalTime> times = new ArrayList<>();
            for (int t = 0; t < timesPerDay; t++) {
                times.add(LocalTime.of(firstHour + t, random.nextInt(4) * 15));
            }
            LocalTime first = times.get(0);
            DayOfWeek day = DayOfWeek.of(1 + random.nextInt(7));
            boolean gfs = random.nextBoolean();
            Schedule schedule = new Schedule(new DailySchedule(times, EnumSet.allOf(DayOfWeek.class),
                    Period.ofDays(1 + random.nextInt(14))),
                    gfs ? new WeeklySchedule(day, first, Period.ofWeeks(4)) : null,
                    gfs ? new MonthlySchedule(null, WeekOfMonth.LAST, day, first, Period.ofMonths(6)) : null,
                    null);
            policies.add(valid(new BackupPolicy("policy-" + i, "", true, zone,
                    new TableSelection("us-east-1", List.of("table-" + i), Map.of(), List.of()), schedule,
                    Duration.ofHours(1), RetentionSafety.DEFAULT)));
        }
        return policies;
    }

    private static BackupPolicy valid(BackupPolicy policy) {
        if (!PolicyValidator.validate(policy).isEmpty()) {
            throw new IllegalStateException(PolicyValidator.validate(policy).toString());
        }
        return policy;
    }
}
