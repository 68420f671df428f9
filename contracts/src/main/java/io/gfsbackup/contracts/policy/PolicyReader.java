package io.gfsbackup.contracts.policy;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.Month;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the JSON of section 1 into a {@link BackupPolicy}, collecting every structural problem (unknown
 * fields, wrong types, unparseable values) instead of stopping at the first, then adds the semantic ones of
 * {@link PolicyValidator}. One instance reads one document.
 */
final class PolicyReader {

    private static final List<String> POLICY_FIELDS = List.of("name", "description", "enabled", "timeZone",
            "selection", "schedule", "startWindow", "retentionSafety", "restoreTest", "archive");
    private static final List<String> SELECTION_FIELDS =
            List.of("region", "regions", "accounts", "tables", "tags", "exclude");
    private static final List<String> ACCOUNT_FIELDS = List.of("accountId", "roleArn", "externalId");
    private static final List<String> SCHEDULE_FIELDS = List.of("daily", "weekly", "monthly", "yearly");
    private static final List<String> DAILY_FIELDS = List.of("times", "days", "keep");
    private static final List<String> WEEKLY_FIELDS = List.of("day", "time", "keep");
    private static final List<String> MONTHLY_FIELDS = List.of("months", "week", "day", "time", "keep");
    private static final List<String> YEARLY_FIELDS = List.of("month", "week", "day", "time", "keep");
    private static final List<String> SAFETY_FIELDS = List.of("keepAtLeast");
    private static final List<String> RESTORE_TEST_FIELDS = List.of("day", "time", "week", "point", "withinDays",
            "tables", "maxTableSizeBytes", "validation", "keepFor");
    private static final List<String> ARCHIVE_FIELDS = List.of("after", "tiers", "mode", "storageClass", "target");
    private static final List<String> TARGET_FIELDS = List.of("bucket", "prefix", "region", "accountId", "roleArn",
            "externalId", "kmsKeyId");
    private static final List<String> VALIDATION_FIELDS = List.of("itemCountTolerance", "sampleItems");

    private final List<Violation> violations = new ArrayList<>();
    private final List<String> reportedPaths = new ArrayList<>();

    Validated<BackupPolicy> read(JsonNode root) {
        if (root == null || !root.isObject()) {
            report("", "a policy must be a JSON object; got " + describe(root));
            return Validated.invalid(violations);
        }
        checkFields(root, "", POLICY_FIELDS);
        BackupPolicy policy = new BackupPolicy(
                string(root.get("name"), "name", "a name of 1 to 128 characters"),
                string(root.get("description"), "description", "a text of at most 1024 characters"),
                bool(root.get("enabled"), "enabled"),
                zone(root.get("timeZone"), "timeZone"),
                selection(root.get("selection"), "selection"),
                schedule(root.get("schedule"), "schedule"),
                duration(root.get("startWindow"), "startWindow"),
                safety(root.get("retentionSafety"), "retentionSafety"),
                restoreTest(root.get("restoreTest"), "restoreTest"),
                archive(root.get("archive"), "archive"));
        violations.addAll(PolicyValidator.validate(policy, this::touchesReported));
        return violations.isEmpty() ? Validated.valid(policy) : Validated.invalid(violations);
    }

    void report(String path, String message) {
        violations.add(new Violation(path, message));
        reportedPaths.add(path);
    }

    List<Violation> violations() {
        return violations;
    }

    /** Whether a problem was already reported at {@code path}, under it, or at one of its parents. */
    private boolean touchesReported(String path) {
        for (String reported : reportedPaths) {
            if (reported.isEmpty() || reported.equals(path) || isUnder(reported, path) || isUnder(path, reported)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnder(String child, String parent) {
        return child.length() > parent.length() && child.startsWith(parent)
                && (child.charAt(parent.length()) == '.' || child.charAt(parent.length()) == '[');
    }

    private static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    static String describe(JsonNode node) {
        if (absent(node)) {
            return "null";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        return node.toString();
    }

    private void checkFields(JsonNode object, String path, List<String> allowed) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                report(child(path, name), "unknown field; valid fields here are " + String.join(", ", allowed));
            }
        }
    }

    private JsonNode object(JsonNode node, String path, List<String> allowed) {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            report(path, describe(node) + " is not an object; use an object with the fields "
                    + String.join(", ", allowed));
            return null;
        }
        checkFields(node, path, allowed);
        return node;
    }

    private <T> List<T> array(JsonNode node, String path, String hint, Function<Integer, T> element) {
        if (absent(node)) {
            return null;
        }
        if (!node.isArray()) {
            report(path, describe(node) + " is not an array; use a list of " + hint);
            return List.of();
        }
        List<T> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            T value = element.apply(i);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    private String string(JsonNode node, String path, String hint) {
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            report(path, describe(node) + " is not a string; use " + hint);
            return null;
        }
        return node.textValue();
    }

    private boolean bool(JsonNode node, String path) {
        if (absent(node)) {
            return true;
        }
        if (!node.isBoolean()) {
            report(path, describe(node) + " is not a boolean; use true or false");
            return true;
        }
        return node.booleanValue();
    }

    private ZoneId zone(JsonNode node, String path) {
        String text = string(node, path, "an IANA time-zone id such as Europe/Berlin");
        if (text == null) {
            return null;
        }
        try {
            ZoneId zone = ZoneId.of(text);
            if (PolicyValidator.isIanaZone(zone)) {
                return zone;
            }
        } catch (DateTimeException e) {
            // reported below
        }
        report(path, "\"" + text + "\" is not an IANA time-zone id, e.g. Europe/Berlin");
        return null;
    }

    private Duration duration(JsonNode node, String path) {
        String text = string(node, path, "an ISO-8601 duration such as PT1H");
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            report(path, "\"" + text + "\" is not an ISO-8601 duration; use e.g. PT1H (at least PT5M)");
            return null;
        }
    }

    private Period period(JsonNode node, String path) {
        String text = string(node, path, "an ISO-8601 period such as P3D");
        if (text == null) {
            return null;
        }
        try {
            return Period.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            // ArithmeticException: weeks that overflow the days, e.g. P901108112W
            report(path, "\"" + text + "\" is not an ISO-8601 period; " + PolicyValidator.KEEP_HINT);
            return null;
        }
    }

    private LocalTime time(JsonNode node, String path) {
        if (absent(node)) {
            return null;
        }
        Optional<LocalTime> time = node.isTextual() ? PolicyText.parseTime(node.textValue()) : Optional.empty();
        if (time.isEmpty()) {
            report(path, describe(node) + " is not a time of day in HH:mm form; use e.g. \"07:00\"");
        }
        return time.orElse(null);
    }

    private DayOfWeek day(JsonNode node, String path) {
        return parsed(node, path, PolicyText::parseDay, "a day; use one of " + PolicyText.ALL_DAYS);
    }

    private Month month(JsonNode node, String path) {
        return parsed(node, path, PolicyText::parseMonth, "a month; use one of " + PolicyText.ALL_MONTHS);
    }

    private WeekOfMonth week(JsonNode node, String path) {
        return parsed(node, path, text -> {
            try {
                return Optional.of(WeekOfMonth.valueOf(text));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }, "a week of the month; use one of " + PolicyText.ALL_WEEKS);
    }

    private <T> T parsed(JsonNode node, String path, Function<String, Optional<T>> parser, String expected) {
        if (absent(node)) {
            return null;
        }
        Optional<T> value = node.isTextual() ? parser.apply(node.textValue()) : Optional.empty();
        if (value.isEmpty()) {
            report(path, describe(node) + " is not " + expected);
        }
        return value.orElse(null);
    }

    private <E extends Enum<E>> Set<E> enumSet(JsonNode node, String path, Class<E> type, String hint,
                                               Function<Integer, E> element, Function<E, String> text) {
        List<E> values = array(node, path, hint, element);
        if (values == null) {
            return null;
        }
        Set<E> set = EnumSet.noneOf(type);
        for (int i = 0; i < values.size(); i++) {
            if (!set.add(values.get(i))) {
                report(path, text.apply(values.get(i)) + " is listed twice; list each once");
            }
        }
        return set;
    }

    private TableSelection selection(JsonNode node, String path) {
        JsonNode object = object(node, path, SELECTION_FIELDS);
        if (object == null) {
            return null;
        }
        String region = string(object.get("region"), child(path, "region"), "an AWS region such as us-east-1");
        if (region != null && !PolicyValidator.REGION.matcher(region).matches()) {
            report(child(path, "region"), "\"" + region + "\" is not an AWS region; use e.g. us-east-1");
            region = null;
        }
        List<String> regions = array(object.get("regions"), child(path, "regions"), "AWS regions such as us-east-1",
                i -> string(object.get("regions").get(i), child(path, "regions") + "[" + i + "]",
                        "an AWS region such as us-east-1"));
        if (region != null && regions != null) {
            report(child(path, "regions"), "region and regions are both given; use regions alone, listing every "
                    + "region once");
        }
        return new TableSelection(
                regions != null ? regions : region == null ? null : List.of(region),
                accounts(object.get("accounts"), child(path, "accounts")),
                globs(object.get("tables"), child(path, "tables")),
                tags(object.get("tags"), child(path, "tags")),
                globs(object.get("exclude"), child(path, "exclude")));
    }

    private List<AwsAccount> accounts(JsonNode node, String path) {
        return array(node, path, "accounts, each {\"accountId\": ..., \"roleArn\": ..., \"externalId\": ...}", i -> {
            String at = path + "[" + i + "]";
            JsonNode account = object(node.get(i), at, ACCOUNT_FIELDS);
            if (account == null) {
                if (absent(node.get(i))) {
                    report(at, "null is not an account; use an object with the fields "
                            + String.join(", ", ACCOUNT_FIELDS));
                }
                return null;
            }
            return new AwsAccount(
                    string(account.get("accountId"), child(at, "accountId"), "the 12-digit account id"),
                    string(account.get("roleArn"), child(at, "roleArn"), "the ARN of a role in that account"),
                    string(account.get("externalId"), child(at, "externalId"), "the external id the role's trust "
                            + "policy asks for"));
        });
    }

    private List<String> globs(JsonNode node, String path) {
        return array(node, path, "table names or globs",
                i -> string(node.get(i), path + "[" + i + "]", "a table name or glob"));
    }

    private Map<String, String> tags(JsonNode node, String path) {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            report(path, describe(node) + " is not an object; use tag keys and values, e.g. {\"backup\": \"daily\"}");
            return null;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        node.fields().forEachRemaining(tag -> {
            String value = string(tag.getValue(), child(path, tag.getKey()), "a string: tag values are strings");
            if (value != null) {
                tags.put(tag.getKey(), value);
            }
        });
        return tags;
    }

    private Schedule schedule(JsonNode node, String path) {
        JsonNode object = object(node, path, SCHEDULE_FIELDS);
        if (object == null) {
            return null;
        }
        return new Schedule(daily(object.get("daily"), child(path, "daily")),
                weekly(object.get("weekly"), child(path, "weekly")),
                monthly(object.get("monthly"), child(path, "monthly")),
                yearly(object.get("yearly"), child(path, "yearly")));
    }

    private DailySchedule daily(JsonNode node, String path) {
        JsonNode object = object(node, path, DAILY_FIELDS);
        if (object == null) {
            return null;
        }
        JsonNode times = object.get("times");
        JsonNode days = object.get("days");
        String timesPath = child(path, "times");
        String daysPath = child(path, "days");
        return new DailySchedule(
                array(times, timesPath, "times of day in HH:mm form", i -> time(times.get(i), timesPath + "[" + i + "]")),
                enumSet(days, daysPath, DayOfWeek.class, "days such as MON",
                        i -> day(days.get(i), daysPath + "[" + i + "]"), PolicyText::day),
                period(object.get("keep"), child(path, "keep")));
    }

    private WeeklySchedule weekly(JsonNode node, String path) {
        JsonNode object = object(node, path, WEEKLY_FIELDS);
        if (object == null) {
            return null;
        }
        return new WeeklySchedule(day(object.get("day"), child(path, "day")),
                time(object.get("time"), child(path, "time")),
                period(object.get("keep"), child(path, "keep")));
    }

    private MonthlySchedule monthly(JsonNode node, String path) {
        JsonNode object = object(node, path, MONTHLY_FIELDS);
        if (object == null) {
            return null;
        }
        JsonNode months = object.get("months");
        String monthsPath = child(path, "months");
        return new MonthlySchedule(
                enumSet(months, monthsPath, Month.class, "months such as JAN",
                        i -> month(months.get(i), monthsPath + "[" + i + "]"), PolicyText::month),
                week(object.get("week"), child(path, "week")),
                day(object.get("day"), child(path, "day")),
                time(object.get("time"), child(path, "time")),
                period(object.get("keep"), child(path, "keep")));
    }

    private YearlySchedule yearly(JsonNode node, String path) {
        JsonNode object = object(node, path, YEARLY_FIELDS);
        if (object == null) {
            return null;
        }
        return new YearlySchedule(month(object.get("month"), child(path, "month")),
                week(object.get("week"), child(path, "week")),
                day(object.get("day"), child(path, "day")),
                time(object.get("time"), child(path, "time")),
                period(object.get("keep"), child(path, "keep")));
    }

    private RetentionSafety safety(JsonNode node, String path) {
        JsonNode object = object(node, path, SAFETY_FIELDS);
        if (object == null) {
            return null;
        }
        JsonNode keepAtLeast = object.get("keepAtLeast");
        if (absent(keepAtLeast)) {
            return RetentionSafety.DEFAULT;
        }
        if (!keepAtLeast.isIntegralNumber() || !keepAtLeast.canConvertToInt()) {
            report(child(path, "keepAtLeast"), describe(keepAtLeast)
                    + " is not a whole number; use 0 (bare harmonized retention) or more (default 1)");
            return RetentionSafety.DEFAULT;
        }
        return new RetentionSafety(keepAtLeast.intValue());
    }

    private RestoreTest restoreTest(JsonNode node, String path) {
        JsonNode object = object(node, path, RESTORE_TEST_FIELDS);
        if (object == null) {
            return null;
        }
        String pointPath = child(path, "point");
        RestoreTest.PointChoice point = parsed(object.get("point"), pointPath, text -> {
            try {
                return Optional.of(RestoreTest.PointChoice.valueOf(text));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }, "a point to restore; use LATEST (the newest alive point, the default) or RANDOM (one drawn among the "
                + "alive points of the last withinDays days)");
        String withinDaysPath = child(path, "withinDays");
        Integer withinDays = wholeNumber(object.get("withinDays"), withinDaysPath, PolicyValidator.WITHIN_DAYS_HINT);
        if (!absent(object.get("withinDays")) && point != RestoreTest.PointChoice.RANDOM
                && !touchesReported(pointPath) && !touchesReported(withinDaysPath)) {
            report(withinDaysPath, PolicyValidator.WITHIN_DAYS_ONLY_WITH_RANDOM);
        }
        Integer tables = wholeNumber(object.get("tables"), child(path, "tables"), PolicyValidator.TABLES_HINT);
        return new RestoreTest(week(object.get("week"), child(path, "week")),
                day(object.get("day"), child(path, "day")),
                time(object.get("time"), child(path, "time")),
                point,
                withinDays == null ? RestoreTest.DEFAULT_WITHIN_DAYS : withinDays,
                tables == null ? RestoreTest.DEFAULT_TABLES : tables,
                size(object.get("maxTableSizeBytes"), child(path, "maxTableSizeBytes")),
                validation(object.get("validation"), child(path, "validation")),
                keepFor(object.get("keepFor"), child(path, "keepFor")));
    }

    private Archive archive(JsonNode node, String path) {
        JsonNode object = object(node, path, ARCHIVE_FIELDS);
        if (object == null) {
            return null;
        }
        String afterPath = child(path, "after");
        String after = string(object.get("after"), afterPath, PolicyValidator.ARCHIVE_AFTER_HINT);
        Period afterPeriod = null;
        if (after != null) {
            try {
                afterPeriod = Period.parse(after);
            } catch (DateTimeParseException | ArithmeticException e) {
                report(afterPath, "\"" + after + "\" is not an ISO-8601 period; " + PolicyValidator.ARCHIVE_AFTER_HINT);
            }
        }
        JsonNode tiers = object.get("tiers");
        String tiersPath = child(path, "tiers");
        return new Archive(afterPeriod,
                enumSet(tiers, tiersPath, Tier.class, "tiers such as M",
                        i -> constant(tiers.get(i), tiersPath + "[" + i + "]", Tier.class, "a tier"), Tier::name),
                constant(object.get("mode"), child(path, "mode"), Archive.Mode.class,
                        "an archive mode (MOVE, the default, deletes the warm backup once the copy is verified; COPY "
                                + "keeps it too)"),
                constant(object.get("storageClass"), child(path, "storageClass"), Archive.StorageClass.class,
                        "an S3 storage class (default " + Archive.DEFAULT_STORAGE_CLASS + ")"),
                archiveTarget(object.get("target"), child(path, "target")));
    }

    private ArchiveTarget archiveTarget(JsonNode node, String path) {
        JsonNode object = object(node, path, TARGET_FIELDS);
        if (object == null) {
            return null;
        }
        return new ArchiveTarget(
                string(object.get("bucket"), child(path, "bucket"), PolicyValidator.BUCKET_HINT),
                string(object.get("prefix"), child(path, "prefix"), PolicyValidator.PREFIX_HINT),
                string(object.get("region"), child(path, "region"), "an AWS region such as eu-central-1"),
                string(object.get("accountId"), child(path, "accountId"), "the 12-digit id of the bucket's account"),
                string(object.get("roleArn"), child(path, "roleArn"), "the ARN of a role in the bucket's account"),
                string(object.get("externalId"), child(path, "externalId"), "the external id the role's trust "
                        + "policy asks for"),
                string(object.get("kmsKeyId"), child(path, "kmsKeyId"), "the id or ARN of a KMS key"));
    }

    /** An enum constant by its name; anything else is reported with every valid name. */
    private <E extends Enum<E>> E constant(JsonNode node, String path, Class<E> type, String expected) {
        return parsed(node, path, text -> {
            try {
                return Optional.of(Enum.valueOf(type, text));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }, expected + "; use one of " + String.join(", ",
                java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
    }

    private RestoreValidation validation(JsonNode node, String path) {
        JsonNode object = object(node, path, VALIDATION_FIELDS);
        if (object == null) {
            return null;
        }
        Double tolerance = null;
        JsonNode toleranceNode = object.get("itemCountTolerance");
        if (!absent(toleranceNode)) {
            if (toleranceNode.isNumber()) {
                tolerance = toleranceNode.doubleValue();
            } else {
                report(child(path, "itemCountTolerance"), describe(toleranceNode) + " is not a number; "
                        + PolicyValidator.TOLERANCE_HINT);
            }
        }
        Integer sampleItems = wholeNumber(object.get("sampleItems"), child(path, "sampleItems"),
                PolicyValidator.SAMPLE_ITEMS_HINT);
        return new RestoreValidation(
                tolerance == null ? RestoreValidation.DEFAULT.itemCountTolerance() : tolerance,
                sampleItems == null ? RestoreValidation.DEFAULT.sampleItems() : sampleItems);
    }

    /** A whole number that fits an {@code int}; a larger one is reported as out of the range {@code hint} gives. */
    private Integer wholeNumber(JsonNode node, String path, String hint) {
        if (absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            report(path, describe(node) + " is not a whole number; " + hint);
            return null;
        }
        if (!node.canConvertToInt()) {
            report(path, describe(node) + " is out of range; " + hint);
            return null;
        }
        return node.intValue();
    }

    private Long size(JsonNode node, String path) {
        if (absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            report(path, describe(node) + " is not a whole number of bytes; " + PolicyValidator.MAX_SIZE_HINT);
            return null;
        }
        return node.longValue();
    }

    private Duration keepFor(JsonNode node, String path) {
        String text = string(node, path, "an ISO-8601 duration such as PT24H");
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            report(path, "\"" + text + "\" is not an ISO-8601 duration; " + PolicyValidator.KEEP_FOR_HINT);
            return null;
        }
    }
}
