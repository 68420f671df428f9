package io.gfsbackup.contracts.policy;

import java.time.DayOfWeek;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The semantic rules of a policy (retention-semantics, sections 1 and 2): required parts, positive keep
 * periods, the start-window floor, the selection rule and, above all, harmonization: every less frequent
 * tier must select points that the next more frequent tier present creates.
 *
 * <p>Each problem is one {@link Violation} naming the field path and saying what would be valid. Limits the
 * spec leaves open are constants here and documented in {@code docs/retention.md}.
 */
public final class PolicyValidator {

    public static final int MAX_NAME_LENGTH = 128;
    public static final int MAX_DESCRIPTION_LENGTH = 1024;
    public static final int MAX_DAILY_TIMES = 24;
    public static final Duration MIN_START_WINDOW = Duration.ofMinutes(5);
    public static final Duration MAX_START_WINDOW = Duration.ofHours(24);
    /** The longest keep period: longer ones are surely mistakes, and their expiry instants overflow. */
    public static final Period MAX_KEEP = Period.ofYears(100);
    public static final String KEEP_HINT = "it must be a positive ISO-8601 period such as P3D, P2W, P6M, P1Y6M";

    public static final int MIN_WITHIN_DAYS = 1;
    /** Ten years: a random point older than that is not a test of today's backups. */
    public static final int MAX_WITHIN_DAYS = 3660;
    /** Restores per run: each is a table created and dropped in the fleet's accounts, so a run stays small. */
    public static final int MAX_TEST_TABLES = 100;
    public static final int MAX_SAMPLE_ITEMS = 100;
    /** The longest a scratch table is kept: it costs storage and reads like a table nobody owns. */
    public static final Duration MAX_KEEP_FOR = Duration.ofDays(30);
    public static final int MAX_PREFIX_LENGTH = 512;
    static final String WITHIN_DAYS_HINT = "use " + MIN_WITHIN_DAYS + " to " + MAX_WITHIN_DAYS + " (default "
            + RestoreTest.DEFAULT_WITHIN_DAYS + ")";
    static final String TABLES_HINT = "use 1 to " + MAX_TEST_TABLES + " (default " + RestoreTest.DEFAULT_TABLES + ")";
    static final String MAX_SIZE_HINT = "use a size in bytes of at least 1, or leave it out for no cap";
    static final String TOLERANCE_HINT = "use a fraction from 0 to 1, e.g. 0.1 for 10% (default "
            + RestoreValidation.DEFAULT.itemCountTolerance() + ")";
    static final String SAMPLE_ITEMS_HINT = "use 0 to " + MAX_SAMPLE_ITEMS + " (default "
            + RestoreValidation.DEFAULT.sampleItems() + ")";
    static final String KEEP_FOR_HINT = "use an ISO-8601 duration from PT0S (drop the table at once, the default) "
            + "to P30D, e.g. PT24H";

    static final String WITHIN_DAYS_ONLY_WITH_RANDOM = "is only for point RANDOM (the days among whose points one "
            + "is drawn); leave it out with LATEST, or set point to RANDOM";

    static final String ARCHIVE_AFTER_HINT = "use an ISO-8601 period from P0D to P100Y after the slot, e.g. P30D";
    static final String BUCKET_HINT = "an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, "
            + "beginning and ending with a letter or digit";
    static final String PREFIX_HINT = "a key prefix of at most " + MAX_PREFIX_LENGTH + " characters, without a "
            + "leading or trailing /, e.g. gfs";
    static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::([0-9]{12}):role/[A-Za-z0-9_+=,.@/-]{1,512}");
    static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9_+=,.@:/-]{2,1224}");
    /** More accounts than any one policy needs; a longer list is a mistake (and a slot's fan-out). */
    public static final int MAX_ACCOUNTS = 100;
    static final Pattern TABLE_GLOB = Pattern.compile("[A-Za-z0-9_.*?-]{1,255}");
    static final String TABLE_HINT =
            "use 1 to 255 characters of A-Z a-z 0-9 _ . - and the wildcards * (any run) and ? (one character)";

    private final BackupPolicy policy;
    private final Predicate<String> alreadyReported;
    private final List<Violation> violations = new ArrayList<>();

    private PolicyValidator(BackupPolicy policy, Predicate<String> alreadyReported) {
        this.policy = policy;
        this.alreadyReported = alreadyReported;
    }

    /** Every rule violation of {@code policy}; empty when it is valid. */
    public static List<Violation> validate(BackupPolicy policy) {
        return validate(policy, path -> false);
    }

    /**
     * As {@link #validate(BackupPolicy)}, skipping every check on a path at, under or above which the JSON reader
     * already reported a problem (its value there is missing or partial, so a check would only echo it).
     */
    static List<Violation> validate(BackupPolicy policy, Predicate<String> alreadyReported) {
        Objects.requireNonNull(policy, "policy");
        PolicyValidator validator = new PolicyValidator(policy, alreadyReported);
        validator.checkIdentity();
        validator.checkTimeZone();
        validator.checkSelection(policy.selection());
        validator.checkSchedule(policy.schedule());
        validator.checkStartWindow();
        validator.checkRetentionSafety();
        if (policy.restoreTest() != null) {
            validator.checkRestoreTest(policy.restoreTest());
        }
        if (policy.archive() != null) {
            validator.checkArchive(policy.archive());
        }
        return List.copyOf(validator.violations);
    }

    static boolean isIanaZone(ZoneId zone) {
        return ZoneId.getAvailableZoneIds().contains(zone.getId());
    }

    private void report(String field, String message) {
        if (!alreadyReported.test(field)) {
            violations.add(new Violation(field, message));
        }
    }

    private boolean known(String field) {
        return !alreadyReported.test(field);
    }

    private void checkIdentity() {
        String name = policy.name();
        if (name == null || name.isBlank()) {
            report("name", "is required; give the policy a name of 1 to " + MAX_NAME_LENGTH + " characters");
        } else if (name.length() > MAX_NAME_LENGTH) {
            report("name", "has " + name.length() + " characters; at most " + MAX_NAME_LENGTH + " are allowed");
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            report("name", "contains a control character; a name is printable text");
        }
        if (policy.description().indexOf('\u0000') >= 0) {
            report("description", "contains a NUL character, which no text can hold here");
        }
        if (policy.description().length() > MAX_DESCRIPTION_LENGTH) {
            report("description", "has " + policy.description().length() + " characters; at most "
                    + MAX_DESCRIPTION_LENGTH + " are allowed");
        }
    }

    private void checkTimeZone() {
        if (!isIanaZone(policy.timeZone())) {
            report("timeZone", "\"" + policy.timeZone().getId() + "\" is not an IANA time-zone id, e.g. Europe/Berlin");
        }
    }

    private void checkSelection(TableSelection selection) {
        if (selection == null) {
            report("selection", "is required; say which tables to back up by region and tables or tags");
            return;
        }
        checkRegions(selection.regions());
        checkAccounts(selection.accounts());
        if (selection.tables().isEmpty() && selection.tags().isEmpty() && known("selection.tables")
                && known("selection.tags")) {
            report("selection", "at least one of tables and tags is required; list table names or globs in "
                    + "tables, or tags that the selected tables carry");
        }
        checkGlobs("selection.tables", selection.tables());
        checkGlobs("selection.exclude", selection.exclude());
        for (Map.Entry<String, String> tag : selection.tags().entrySet()) {
            String key = tag.getKey();
            if (key.isEmpty() || key.length() > 128 || key.chars().anyMatch(Character::isISOControl)) {
                report("selection.tags", "\"" + key + "\" is not a tag key; a tag key has 1 to 128 printable "
                        + "characters");
            } else if (tag.getValue() == null || tag.getValue().length() > 256
                    || tag.getValue().chars().anyMatch(Character::isISOControl)) {
                report("selection.tags." + key, "is not a tag value; a tag value is a string of 0 to 256 "
                        + "printable characters");
            }
        }
    }

    private void checkRegions(List<String> regions) {
        if (regions.isEmpty() && known("selection.region") && known("selection.regions")) {
            report("selection.regions", "is required; list the AWS regions of the tables, e.g. [\"us-east-1\"] "
                    + "(or give one as region)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < regions.size(); i++) {
            String region = regions.get(i);
            if (region == null || !REGION.matcher(region).matches()) {
                report("selection.regions[" + i + "]", "\"" + region + "\" is not an AWS region; use e.g. us-east-1");
            } else if (!seen.add(region)) {
                report("selection.regions[" + i + "]", region + " is listed twice; list each region once");
            }
        }
    }

    private void checkAccounts(List<AwsAccount> accounts) {
        if (accounts.size() > MAX_ACCOUNTS) {
            report("selection.accounts", "lists " + accounts.size() + " accounts; at most " + MAX_ACCOUNTS
                    + " are allowed in one policy");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < accounts.size(); i++) {
            AwsAccount account = accounts.get(i);
            String at = "selection.accounts[" + i + "]";
            if (account.accountId() == null) {
                report(at + ".accountId", "is required; use the 12-digit id of the account, e.g. 222222222222");
            } else if (!ACCOUNT_ID.matcher(account.accountId()).matches()) {
                report(at + ".accountId", "\"" + account.accountId() + "\" is not an AWS account id; use its 12 digits");
            } else if (!seen.add(account.accountId())) {
                report(at + ".accountId", account.accountId() + " is listed twice; list each account once");
            }
            if (account.roleArn() == null) {
                report(at + ".roleArn", "is required; use the ARN of the role to assume in that account, e.g. "
                        + "arn:aws:iam::222222222222:role/gfs-backup");
            }
            checkRole(at, account.accountId(), account.roleArn(), account.externalId(),
                    "the role must be in the account whose tables it reaches");
        }
    }

    /** A role ARN of the account {@code accountId} when both are given and valid, and an external id. */
    private void checkRole(String at, String accountId, String roleArn, String externalId, String sameAccount) {
        if (roleArn != null) {
            Matcher role = ROLE_ARN.matcher(roleArn);
            if (!role.matches()) {
                report(at + ".roleArn", "\"" + roleArn + "\" is not an IAM role ARN; use e.g. "
                        + "arn:aws:iam::222222222222:role/gfs-backup");
            } else if (accountId != null && ACCOUNT_ID.matcher(accountId).matches()
                    && !role.group(1).equals(accountId)) {
                report(at + ".roleArn", "names a role of account " + role.group(1) + ", not of " + accountId + "; "
                        + sameAccount);
            }
        }
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            report(at + ".externalId", "is not an external id; use 2 to 1224 characters of A-Z a-z 0-9 and "
                    + "+ = , . @ : / -, as the role's trust policy names it (or leave it out)");
        }
    }

    private void checkGlobs(String field, List<String> globs) {
        for (int i = 0; i < globs.size(); i++) {
            String glob = globs.get(i);
            if (!TABLE_GLOB.matcher(glob).matches()) {
                report(field + "[" + i + "]", "\"" + glob + "\" is not a table name or glob; " + TABLE_HINT);
            }
        }
    }

    private void checkSchedule(Schedule schedule) {
        if (schedule == null) {
            report("schedule", "is required; give at least one of daily, weekly, monthly, yearly");
            return;
        }
        if (schedule.tiers().isEmpty() && known("schedule")) {
            report("schedule", "has no tier; give at least one of daily, weekly, monthly, yearly "
                    + "(the most frequent one creates the restore points)");
        }
        if (schedule.daily() != null) {
            checkDaily(schedule.daily());
        }
        if (schedule.weekly() != null) {
            WeeklySchedule weekly = schedule.weekly();
            required("schedule.weekly.day", weekly.day(), "a day such as MON");
            checkTime("schedule.weekly.time", weekly.time());
            checkKeep("schedule.weekly.keep", weekly.keep());
        }
        if (schedule.monthly() != null) {
            MonthlySchedule monthly = schedule.monthly();
            if (monthly.months().isEmpty()) {
                report("schedule.monthly.months", "is empty; list at least one month, or leave it out for all twelve");
            }
            required("schedule.monthly.week", monthly.week(), "one of " + PolicyText.ALL_WEEKS);
            required("schedule.monthly.day", monthly.day(), "a day such as MON");
            checkTime("schedule.monthly.time", monthly.time());
            checkKeep("schedule.monthly.keep", monthly.keep());
        }
        if (schedule.yearly() != null) {
            YearlySchedule yearly = schedule.yearly();
            required("schedule.yearly.month", yearly.month(), "a month such as JAN");
            required("schedule.yearly.week", yearly.week(), "one of " + PolicyText.ALL_WEEKS);
            required("schedule.yearly.day", yearly.day(), "a day such as MON");
            checkTime("schedule.yearly.time", yearly.time());
            checkKeep("schedule.yearly.keep", yearly.keep());
        }
        new Harmonization(schedule).check();
    }

    private void checkDaily(DailySchedule daily) {
        List<LocalTime> times = daily.times();
        if (times.isEmpty()) {
            report("schedule.daily.times", "is empty; list at least one time of day in HH:mm form, e.g. [\"07:00\"]");
        } else if (times.size() > MAX_DAILY_TIMES) {
            report("schedule.daily.times", "has " + times.size() + " times; at most " + MAX_DAILY_TIMES
                    + " a day are allowed");
        }
        if (known("schedule.daily.times")) {
            Set<LocalTime> seen = new HashSet<>();
            for (int i = 0; i < times.size(); i++) {
                checkTime("schedule.daily.times[" + i + "]", times.get(i));
                if (!seen.add(times.get(i))) {
                    report("schedule.daily.times[" + i + "]", PolicyText.time(times.get(i))
                            + " is listed twice; list each time once");
                }
            }
        }
        if (daily.days().isEmpty()) {
            report("schedule.daily.days", "is empty; list at least one day, or leave it out for every day");
        }
        checkKeep("schedule.daily.keep", daily.keep());
    }

    private void required(String field, Object value, String hint) {
        if (value == null) {
            report(field, "is required; use " + hint);
        }
    }

    private void checkTime(String field, LocalTime time) {
        if (time == null) {
            report(field, "is required; use a time of day in HH:mm form, e.g. 07:00");
        } else if (time.getSecond() != 0 || time.getNano() != 0) {
            report(field, time + " is not a whole minute; use a time of day in HH:mm form, e.g. 07:00");
        }
    }

    private void checkKeep(String field, Period keep) {
        if (keep == null) {
            report(field, "is required; " + KEEP_HINT);
        } else if (!isPositive(keep)) {
            report(field, keep + " is not positive; " + KEEP_HINT);
        } else if (isLongerThan(keep, MAX_KEEP)) {
            report(field, keep + " is longer than " + MAX_KEEP + "; a keep period may be at most 100 years");
        }
    }

    /** Whether {@code period} is longer than {@code bound} from any date (a period too long to add is longer). */
    static boolean isLongerThan(Period period, Period bound) {
        LocalDate from = LocalDate.of(2000, 1, 1);
        try {
            return from.plus(period).isAfter(from.plus(bound));
        } catch (DateTimeException | ArithmeticException tooLong) {
            return true;
        }
    }

    static boolean isPositive(Period period) {
        return !period.isZero() && period.getYears() >= 0 && period.getMonths() >= 0 && period.getDays() >= 0;
    }

    private void checkStartWindow() {
        Duration window = policy.startWindow();
        if (window.compareTo(MIN_START_WINDOW) < 0) {
            report("startWindow", window + " is too short; a start window must be at least PT5M");
        } else if (window.compareTo(MAX_START_WINDOW) > 0) {
            report("startWindow", window + " is too long; a start window must be at most PT24H");
        }
    }

    private void checkRetentionSafety() {
        int keepAtLeast = policy.retentionSafety().keepAtLeast();
        if (keepAtLeast < 0) {
            report("retentionSafety.keepAtLeast", keepAtLeast
                    + " is negative; use 0 (bare harmonized retention) or more (default 1)");
        }
    }

    private void checkRestoreTest(RestoreTest test) {
        required("restoreTest.day", test.day(), "a day such as SAT");
        checkTime("restoreTest.time", test.time());
        if (test.point() == RestoreTest.PointChoice.LATEST) {
            if (test.withinDays() != RestoreTest.DEFAULT_WITHIN_DAYS && known("restoreTest.point")) {
                report("restoreTest.withinDays", WITHIN_DAYS_ONLY_WITH_RANDOM);
            }
        } else if (test.withinDays() < MIN_WITHIN_DAYS || test.withinDays() > MAX_WITHIN_DAYS) {
            report("restoreTest.withinDays", test.withinDays() + " is out of range; " + WITHIN_DAYS_HINT);
        }
        if (test.tables() < 1 || test.tables() > MAX_TEST_TABLES) {
            report("restoreTest.tables", test.tables() + " is out of range; " + TABLES_HINT);
        }
        if (test.maxTableSizeBytes() != null && test.maxTableSizeBytes() < 1) {
            report("restoreTest.maxTableSizeBytes", test.maxTableSizeBytes() + " is not positive; " + MAX_SIZE_HINT);
        }
        double tolerance = test.validation().itemCountTolerance();
        if (!(tolerance >= 0 && tolerance <= 1)) {
            report("restoreTest.validation.itemCountTolerance", tolerance + " is out of range; " + TOLERANCE_HINT);
        }
        int sampleItems = test.validation().sampleItems();
        if (sampleItems < 0 || sampleItems > MAX_SAMPLE_ITEMS) {
            report("restoreTest.validation.sampleItems", sampleItems + " is out of range; " + SAMPLE_ITEMS_HINT);
        }
        if (test.keepFor().isNegative()) {
            report("restoreTest.keepFor", test.keepFor() + " is negative; " + KEEP_FOR_HINT);
        } else if (test.keepFor().compareTo(MAX_KEEP_FOR) > 0) {
            report("restoreTest.keepFor", test.keepFor() + " is longer than P30D; " + KEEP_FOR_HINT);
        }
    }

    /**
     * Section 8: {@code after} of P0D to P100Y; explicit {@code tiers} of the schedule, each of whose points could be
     * archived; at least one archivable tier; a target bucket, and a role of the target's account.
     */
    private void checkArchive(Archive archive) {
        Period after = archive.after();
        if (after == null) {
            if (known("archive.after")) {
                report("archive.after", "is required; " + ARCHIVE_AFTER_HINT);
            }
        } else if (after.isNegative()) {
            report("archive.after", after + " is negative; " + ARCHIVE_AFTER_HINT);
        } else if (isLongerThan(after, Archive.MAX_AFTER)) {
            report("archive.after", after + " is longer than P100Y; " + ARCHIVE_AFTER_HINT);
        }
        Schedule schedule = policy.schedule();
        if (schedule == null || schedule.tiers().isEmpty() || !known("archive.tiers")) {
            checkArchiveTarget(archive.target());
            return;
        }
        Set<Tier> present = schedule.tiers();
        if (archive.explicitTiers() && archive.tiers().isEmpty()) {
            report("archive.tiers", "is empty; list the tiers whose points are archived, among " + names(present)
                    + ", or leave it out for all of them");
        }
        boolean afterKnown = after != null && !after.isNegative() && !isLongerThan(after, Archive.MAX_AFTER);
        boolean anyArchivable = false;
        for (Tier tier : archive.tiersOf(present)) {
            if (!present.contains(tier)) {
                report("archive.tiers", tier + " is not a tier of the schedule; use tiers among " + names(present));
                continue;
            }
            Period keep = schedule.keep(tier).orElse(null);
            if (!afterKnown || keep == null || !isPositive(keep) || isLongerThan(keep, MAX_KEEP)) {
                anyArchivable = true;
                continue;
            }
            boolean archivable = longestDays(keep) >= shortestDays(after) + archive.storageClass().minimumDays();
            anyArchivable |= archivable;
            if (!archivable && archive.explicitTiers()) {
                report("archive.tiers", tier + " points are kept " + keep + ", never as long as " + after
                        + " plus the " + archive.storageClass().minimumDays() + " days " + archive.storageClass()
                        + " bills at least, so they could never be archived; leave " + tier + " out, shorten after or"
                        + " choose a storage class with a shorter minimum (STANDARD 0 days, STANDARD_IA 30, "
                        + "GLACIER_IR 90, GLACIER 90, DEEP_ARCHIVE 180)");
            }
        }
        if (!anyArchivable && !archive.tiersOf(present).isEmpty() && known("archive")) {
            report("archive", "no point could ever be archived: no tier among " + names(archive.tiersOf(present))
                    + " keeps its points as long as after (" + after + ") plus the "
                    + archive.storageClass().minimumDays() + " days " + archive.storageClass()
                    + " bills at least; shorten after, choose a storage class with a shorter minimum (STANDARD 0 "
                    + "days, STANDARD_IA 30, GLACIER_IR 90, GLACIER 90, DEEP_ARCHIVE 180) or keep a tier longer");
        }
        checkArchiveTarget(archive.target());
    }

    private void checkArchiveTarget(ArchiveTarget target) {
        if (target == null) {
            if (known("archive.target")) {
                report("archive.target", "is required; name at least the bucket, e.g. {\"bucket\": "
                        + "\"acme-ddb-archive\"}");
            }
            return;
        }
        if (target.bucket() == null) {
            required("archive.target.bucket", null, BUCKET_HINT);
        } else if (!BUCKET.matcher(target.bucket()).matches() || target.bucket().contains("..")) {
            report("archive.target.bucket", "\"" + target.bucket() + "\" is not " + BUCKET_HINT);
        }
        String prefix = target.prefix();
        if (prefix.length() > MAX_PREFIX_LENGTH || prefix.startsWith("/") || prefix.endsWith("/")
                || prefix.chars().anyMatch(Character::isISOControl)) {
            report("archive.target.prefix", "\"" + prefix + "\" is not " + PREFIX_HINT);
        }
        if (target.region() != null && !REGION.matcher(target.region()).matches()) {
            report("archive.target.region", "\"" + target.region() + "\" is not an AWS region; use e.g. "
                    + "eu-central-1, or leave it out for the region of each point's table");
        }
        if (target.accountId() != null && !ACCOUNT_ID.matcher(target.accountId()).matches()) {
            report("archive.target.accountId", "\"" + target.accountId() + "\" is not an AWS account id; use its "
                    + "12 digits");
        }
        if (target.externalId() != null && target.roleArn() == null) {
            report("archive.target.externalId", "is only for a role to assume; give roleArn too, or leave it out");
        }
        checkRole("archive.target", target.accountId(), target.roleArn(), target.externalId(),
                "the role must be in the bucket's account");
    }

    /** The most days {@code period} can span: a month counted as 31 days, a year as 366. */
    static long longestDays(Period period) {
        return period.getYears() * 366L + period.getMonths() * 31L + period.getDays();
    }

    /** The fewest days {@code period} can span: a month counted as 28 days, a year as 365. */
    static long shortestDays(Period period) {
        return period.getYears() * 365L + period.getMonths() * 28L + period.getDays();
    }

    private static String names(Set<Tier> tiers) {
        return tiers.stream().map(Tier::name).collect(java.util.stream.Collectors.joining(", "));
    }

    /** Section 2: each less frequent tier selects occurrences of the next more frequent tier present. */
    private final class Harmonization {

        private final Schedule schedule;

        Harmonization(Schedule schedule) {
            this.schedule = schedule;
        }

        void check() {
            if (schedule.weekly() != null) {
                weeklyOverDaily();
            }
            if (schedule.monthly() != null) {
                schedule.moreFrequentThan(Tier.M).ifPresent(more -> monthlyOver(more));
            }
            if (schedule.yearly() != null) {
                schedule.moreFrequentThan(Tier.Y).ifPresent(more -> yearlyOver(more));
            }
        }

        private void weeklyOverDaily() {
            if (schedule.daily() != null) {
                WeeklySchedule weekly = schedule.weekly();
                inDailyDays("schedule.weekly.day", weekly.day(), "a weekly");
                inDailyTimes("schedule.weekly.time", weekly.time(), "a weekly");
            }
        }

        private void monthlyOver(Tier more) {
            MonthlySchedule monthly = schedule.monthly();
            if (more == Tier.W) {
                WeeklySchedule weekly = schedule.weekly();
                equalDay("schedule.monthly.day", monthly.day(), "schedule.weekly.day", weekly.day(), "weekly",
                        "a monthly restore point reuses a weekly one");
                equalTime("schedule.monthly.time", monthly.time(), "schedule.weekly.time", weekly.time(), "weekly",
                        "a monthly restore point reuses a weekly one");
            } else {
                inDailyDays("schedule.monthly.day", monthly.day(), "a monthly");
                inDailyTimes("schedule.monthly.time", monthly.time(), "a monthly");
            }
        }

        private void yearlyOver(Tier more) {
            YearlySchedule yearly = schedule.yearly();
            String reuse;
            switch (more) {
                case M -> {
                    MonthlySchedule monthly = schedule.monthly();
                    reuse = "a yearly restore point reuses a monthly one";
                    if (comparable("schedule.yearly.month", yearly.month(), "schedule.monthly.months")
                            && !monthly.months().isEmpty() && !monthly.months().contains(yearly.month())) {
                        report("schedule.yearly.month", PolicyText.month(yearly.month())
                                + " is not one of the monthly months " + PolicyText.months(monthly.months())
                                + "; " + reuse);
                    }
                    if (comparable("schedule.yearly.week", yearly.week(), "schedule.monthly.week")
                            && monthly.week() != null && yearly.week() != monthly.week()) {
                        report("schedule.yearly.week", yearly.week() + " is not the monthly week "
                                + monthly.week() + "; " + reuse);
                    }
                    equalDay("schedule.yearly.day", yearly.day(), "schedule.monthly.day", monthly.day(), "monthly",
                            reuse);
                    equalTime("schedule.yearly.time", yearly.time(), "schedule.monthly.time", monthly.time(),
                            "monthly", reuse);
                }
                case W -> {
                    WeeklySchedule weekly = schedule.weekly();
                    reuse = "a yearly restore point reuses a weekly one";
                    equalDay("schedule.yearly.day", yearly.day(), "schedule.weekly.day", weekly.day(), "weekly", reuse);
                    equalTime("schedule.yearly.time", yearly.time(), "schedule.weekly.time", weekly.time(), "weekly",
                            reuse);
                }
                default -> {
                    inDailyDays("schedule.yearly.day", yearly.day(), "a yearly");
                    inDailyTimes("schedule.yearly.time", yearly.time(), "a yearly");
                }
            }
        }

        private boolean comparable(String field, Object value, String otherField) {
            return value != null && known(field) && known(otherField);
        }

        private void inDailyDays(String field, DayOfWeek day, String what) {
            Set<DayOfWeek> days = schedule.daily().days();
            if (comparable(field, day, "schedule.daily.days") && !days.isEmpty() && !days.contains(day)) {
                report(field, PolicyText.day(day) + " is not one of the daily days " + PolicyText.days(days)
                        + "; " + what + " restore point reuses a daily one");
            }
        }

        private void inDailyTimes(String field, LocalTime time, String what) {
            List<LocalTime> times = schedule.daily().times();
            if (comparable(field, time, "schedule.daily.times") && !times.isEmpty() && !times.contains(time)) {
                report(field, PolicyText.time(time) + " is not one of the daily times " + PolicyText.times(times)
                        + "; " + what + " restore point reuses a daily one");
            }
        }

        private void equalDay(String field, DayOfWeek day, String otherField, DayOfWeek other, String otherName,
                              String reuse) {
            if (comparable(field, day, otherField) && other != null && day != other) {
                report(field, PolicyText.day(day) + " is not the " + otherName + " day " + PolicyText.day(other)
                        + "; " + reuse);
            }
        }

        private void equalTime(String field, LocalTime time, String otherField, LocalTime other, String otherName,
                               String reuse) {
            if (comparable(field, time, otherField) && other != null && !time.equals(other)) {
                report(field, PolicyText.time(time) + " is not the " + otherName + " time " + PolicyText.time(other)
                        + "; " + reuse);
            }
        }
    }
}
