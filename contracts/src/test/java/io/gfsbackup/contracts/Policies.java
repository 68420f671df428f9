package io.gfsbackup.contracts;

import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.DailySchedule;
import io.gfsbackup.contracts.policy.MonthlySchedule;
import io.gfsbackup.contracts.policy.PolicyJson;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** Policies the tests share: the example of section 1 and the Veeam guide's walk-through policy. */
public final class Policies {

    /** The policy of retention-semantics section 1, verbatim. */
    public static final String SECTION_1_JSON = """
            {
              "name": "orders-gfs",
              "description": "orders tables: 2x daily, weekly for 2 weeks, bimonthly for 6 months",
              "enabled": true,
              "timeZone": "Europe/Berlin",
              "selection": {
                "region": "us-east-1",
                "tables": ["orders", "order_transaction-*"],
                "tags": { "backup": "daily" },
                "exclude": ["order_transaction-scratch"]
              },
              "schedule": {
                "daily":   { "times": ["07:00", "11:00"], "days": ["MON","TUE","WED","THU","FRI","SAT","SUN"], "keep": "P3D" },
                "weekly":  { "day": "MON", "time": "07:00", "keep": "P14D" },
                "monthly": { "months": ["JAN","MAR","MAY","JUL","SEP","NOV"], "week": "FIRST", "day": "MON", "time": "07:00", "keep": "P6M" },
                "yearly":  { "month": "JAN", "week": "FIRST", "day": "MON", "time": "07:00", "keep": "P5Y" }
              },
              "startWindow": "PT1H",
              "retentionSafety": { "keepAtLeast": 1 }
            }
            """;

    /**
     * {@link #SECTION_1_JSON} as the policy is written back: the one {@code region} becomes the list {@code regions}
     * (both are read; {@code regions} is written).
     */
    public static final String SECTION_1_JSON_WRITTEN =
            SECTION_1_JSON.replace("\"region\": \"us-east-1\"", "\"regions\": [\"us-east-1\"]");


    public static final LocalTime SEVEN = LocalTime.of(7, 0);
    public static final LocalTime ELEVEN = LocalTime.of(11, 0);

    private Policies() {
    }

    public static BackupPolicy section1() {
        return PolicyJson.read(SECTION_1_JSON).value();
    }

    /**
     * The Veeam guide's policy: daily 07:00 and 11:00 every day kept 3 days, weekly Monday 07:00 kept 14 days,
     * monthly first Monday 07:00 of JAN, MAR, MAY, JUL, SEP, NOV kept 6 months; UTC; no safety rail.
     */
    public static BackupPolicy veeam() {
        return veeam(ZoneId.of("UTC"), 0);
    }

    public static BackupPolicy veeam(ZoneId zone, int keepAtLeast) {
        return policy(zone, new Schedule(
                DailySchedule.everyDay(Period.ofDays(3), SEVEN, ELEVEN),
                new WeeklySchedule(DayOfWeek.MONDAY, SEVEN, Period.ofDays(14)),
                new MonthlySchedule(EnumSet.of(Month.JANUARY, Month.MARCH, Month.MAY, Month.JULY, Month.SEPTEMBER,
                        Month.NOVEMBER), WeekOfMonth.FIRST, DayOfWeek.MONDAY, SEVEN, Period.ofMonths(6)),
                null), keepAtLeast);
    }

    public static BackupPolicy daily(ZoneId zone, Period keep, LocalTime... times) {
        return policy(zone, new Schedule(DailySchedule.everyDay(keep, times), null, null, null), 0);
    }

    public static BackupPolicy weeklyOnly(ZoneId zone, DayOfWeek day, LocalTime time, Period keep) {
        return policy(zone, new Schedule(null, new WeeklySchedule(day, time, keep), null, null), 0);
    }

    public static BackupPolicy monthlyOnly(ZoneId zone, WeekOfMonth week, DayOfWeek day, LocalTime time, Period keep) {
        return policy(zone, new Schedule(null, null, new MonthlySchedule(null, week, day, time, keep), null), 0);
    }

    public static BackupPolicy yearlyOnly(ZoneId zone, Month month, WeekOfMonth week, DayOfWeek day, LocalTime time,
                                          Period keep) {
        return policy(zone, new Schedule(null, null, null, new YearlySchedule(month, week, day, time, keep)), 0);
    }

    public static BackupPolicy policy(ZoneId zone, Schedule schedule, int keepAtLeast) {
        return new BackupPolicy("test-policy", "", true, zone,
                new TableSelection("us-east-1", List.of("orders"), Map.of(), List.of()),
                schedule, Duration.ofHours(1), new RetentionSafety(keepAtLeast));
    }
}
