package io.gfsbackup.contracts;

import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.ArchiveTarget;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.DailySchedule;
import io.gfsbackup.contracts.policy.MonthlySchedule;
import io.gfsbackup.contracts.policy.PolicyValidator;
import io.gfsbackup.contracts.policy.Schedule;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.policy.WeekOfMonth;
import io.gfsbackup.contracts.policy.WeeklySchedule;
import io.gfsbackup.contracts.policy.YearlySchedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Month;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random valid harmonized policies for property tests: any non-empty set of tiers, each less frequent tier
 * chosen among the occurrences of the next more frequent one, in zones with and without daylight saving, with
 * times that fall into DST gaps and overlaps.
 */
public final class RandomPolicies {

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/New_York"), ZoneId.of("Australia/Sydney"), ZoneId.of("Asia/Kolkata"),
            ZoneId.of("America/Santiago"));
    private static final List<LocalTime> TIMES = List.of(LocalTime.of(0, 0), LocalTime.of(1, 30), LocalTime.of(2, 0),
            LocalTime.of(2, 30), LocalTime.of(3, 0), LocalTime.of(7, 0), LocalTime.of(11, 0), LocalTime.of(12, 15),
            LocalTime.of(23, 0), LocalTime.of(23, 59));

    private RandomPolicies() {
    }

    public static BackupPolicy policy(Random random) {
        ZoneId zone = pick(random, ZONES);
        boolean daily;
        boolean weekly;
        boolean monthly;
        boolean yearly;
        do {
            daily = random.nextInt(3) > 0;
            weekly = random.nextBoolean();
            monthly = random.nextBoolean();
            yearly = random.nextInt(3) == 0;
        } while (!(daily || weekly || monthly || yearly));

        DailySchedule d = null;
        WeeklySchedule w = null;
        MonthlySchedule m = null;
        YearlySchedule y = null;
        if (daily) {
            List<LocalTime> times = subset(random, TIMES, 1 + random.nextInt(4));
            Set<DayOfWeek> days = EnumSet.copyOf(subset(random, List.of(DayOfWeek.values()), 1 + random.nextInt(7)));
            d = new DailySchedule(times, days, Period.ofDays(1 + random.nextInt(10)));
        }
        if (weekly) {
            DayOfWeek day = d != null ? pick(random, List.copyOf(d.days())) : pick(random, List.of(DayOfWeek.values()));
            LocalTime time = d != null ? pick(random, d.times()) : pick(random, TIMES);
            w = new WeeklySchedule(day, time, Period.ofWeeks(1 + random.nextInt(6)));
        }
        if (monthly) {
            DayOfWeek day = w != null ? w.day() : d != null ? pick(random, List.copyOf(d.days()))
                    : pick(random, List.of(DayOfWeek.values()));
            LocalTime time = w != null ? w.time() : d != null ? pick(random, d.times()) : pick(random, TIMES);
            Set<Month> months = EnumSet.copyOf(subset(random, List.of(Month.values()), 1 + random.nextInt(12)));
            m = new MonthlySchedule(months, pick(random, List.of(WeekOfMonth.values())), day, time,
                    Period.ofMonths(1 + random.nextInt(8)));
        }
        if (yearly) {
            Month month = m != null ? pick(random, List.copyOf(m.months())) : pick(random, List.of(Month.values()));
            WeekOfMonth week = m != null ? m.week() : pick(random, List.of(WeekOfMonth.values()));
            DayOfWeek day = m != null ? m.day() : w != null ? w.day() : d != null
                    ? pick(random, List.copyOf(d.days())) : pick(random, List.of(DayOfWeek.values()));
            LocalTime time = m != null ? m.time() : w != null ? w.time() : d != null ? pick(random, d.times())
                    : pick(random, TIMES);
            y = new YearlySchedule(month, week, day, time, Period.ofYears(1 + random.nextInt(3)));
        }
        BackupPolicy policy = Policies.policy(zone, new Schedule(d, w, m, y), random.nextInt(4));
        if (!PolicyValidator.validate(policy).isEmpty()) {
            throw new IllegalStateException("generated an invalid policy: " + PolicyValidator.validate(policy));
        }
        return policy;
    }

    /**
     * {@code policy} with a random valid archive tier (section 8): {@code after} of 0 to 400 days or 1 to 12 months,
     * any storage class, all tiers or a random subset of them; where a draw is refused, the next is tried, and after
     * 20 refusals the archive is P0D in STANDARD, which every policy may have.
     */
    public static BackupPolicy withArchive(Random random, BackupPolicy policy) {
        List<Tier> present = List.copyOf(policy.schedule().tiers());
        for (int attempt = 0; attempt < 20; attempt++) {
            Period after = random.nextBoolean() ? Period.ofDays(random.nextInt(401))
                    : Period.ofMonths(1 + random.nextInt(12));
            Archive.StorageClass storageClass = pick(random, List.of(Archive.StorageClass.values()));
            Set<Tier> tiers = random.nextBoolean() ? null
                    : EnumSet.copyOf(subset(random, present, 1 + random.nextInt(present.size())));
            BackupPolicy archived = withArchive(policy, new Archive(after, tiers, pick(random,
                    List.of(Archive.Mode.values())), storageClass, TARGET));
            if (PolicyValidator.validate(archived).isEmpty()) {
                return archived;
            }
        }
        return withArchive(policy, new Archive(Period.ZERO, null, Archive.Mode.COPY, Archive.StorageClass.STANDARD,
                TARGET));
    }

    private static final ArchiveTarget TARGET = new ArchiveTarget("archive-bucket", "gfs", null, null, null, null,
            null);

    private static BackupPolicy withArchive(BackupPolicy policy, Archive archive) {
        return new BackupPolicy(policy.name(), policy.description(), policy.enabled(), policy.timeZone(),
                policy.selection(), policy.schedule(), policy.startWindow(), policy.retentionSafety(),
                policy.restoreTest(), archive);
    }

    /** A start between 2024 and 2031 at a random minute. */
    public static Instant start(Random random) {
        return Instant.parse("2024-01-01T00:00:00Z").plusSeconds(60L * random.nextInt(7 * 365 * 24 * 60));
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static <T> List<T> subset(Random random, List<T> values, int size) {
        List<T> shuffled = new ArrayList<>(values);
        java.util.Collections.shuffle(shuffled, random);
        return new ArrayList<>(shuffled.subList(0, Math.min(size, values.size())));
    }
}
