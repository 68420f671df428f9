package io.gfsbackup.contracts.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON form of a policy (retention-semantics, section 1): times {@code "HH:mm"}, days {@code "MON"} (a
 * restore test's day too), months {@code "JAN"}, periods and durations in ISO-8601.
 *
 * <p>{@link #read(String)} never throws for bad input: it returns the policy, or every problem found (malformed
 * JSON, unknown fields, wrong types, and each rule of sections 1 and 2 via {@link PolicyValidator}).
 * {@link #write(BackupPolicy)} writes every field, defaults included, so that {@code read(write(p))} equals
 * {@code p} for every valid policy.
 */
public final class PolicyJson {

    private static final ObjectMapper PARSER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PolicyJson() {
    }

    /** Reads and validates a policy from JSON text. */
    public static Validated<BackupPolicy> read(String json) {
        if (json == null) {
            return Validated.invalid(List.of(new Violation("", "a policy is required; send a JSON object")));
        }
        JsonNode root;
        try {
            root = PARSER.readTree(json);
        } catch (JsonProcessingException e) {
            return Validated.invalid(List.of(new Violation("", "malformed JSON" + where(e.getLocation()) + ": "
                    + e.getOriginalMessage() + "; send one JSON object")));
        }
        return read(root);
    }

    /** Reads and validates a policy from a JSON tree. */
    public static Validated<BackupPolicy> read(JsonNode json) {
        return new PolicyReader().read(json);
    }

    /** The policy as JSON text in the section-1 shape. */
    public static String write(BackupPolicy policy) {
        return toJson(policy).toString();
    }

    /** The policy as a JSON tree in the section-1 shape. */
    public static ObjectNode toJson(BackupPolicy policy) {
        ObjectNode json = NODES.objectNode();
        json.put("name", policy.name());
        json.put("description", policy.description());
        json.put("enabled", policy.enabled());
        json.put("timeZone", policy.timeZone().getId());
        json.set("selection", selection(policy.selection()));
        json.set("schedule", schedule(policy.schedule()));
        json.put("startWindow", policy.startWindow().toString());
        json.putObject("retentionSafety").put("keepAtLeast", policy.retentionSafety().keepAtLeast());
        if (policy.restoreTest() != null) {
            json.set("restoreTest", restoreTest(policy.restoreTest()));
        }
        if (policy.archive() != null) {
            json.set("archive", archive(policy.archive()));
        }
        return json;
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static JsonNode selection(TableSelection selection) {
        if (selection == null) {
            return NODES.nullNode();
        }
        ObjectNode json = NODES.objectNode();
        json.set("regions", strings(selection.regions(), Function.identity()));
        if (!selection.accounts().isEmpty()) {
            ArrayNode accounts = json.putArray("accounts");
            for (AwsAccount account : selection.accounts()) {
                ObjectNode entry = accounts.addObject();
                entry.put("accountId", account.accountId());
                entry.put("roleArn", account.roleArn());
                putIfSet(entry, "externalId", account.externalId());
            }
        }
        json.set("tables", strings(selection.tables(), Function.identity()));
        ObjectNode tags = json.putObject("tags");
        for (Map.Entry<String, String> tag : selection.tags().entrySet()) {
            tags.put(tag.getKey(), tag.getValue());
        }
        json.set("exclude", strings(selection.exclude(), Function.identity()));
        return json;
    }

    private static JsonNode schedule(Schedule schedule) {
        if (schedule == null) {
            return NODES.nullNode();
        }
        ObjectNode json = NODES.objectNode();
        if (schedule.daily() != null) {
            DailySchedule daily = schedule.daily();
            ObjectNode node = json.putObject("daily");
            node.set("times", strings(daily.times(), PolicyText::time));
            node.set("days", strings(daily.days(), PolicyText::day));
            node.put("keep", text(daily.keep()));
        }
        if (schedule.weekly() != null) {
            WeeklySchedule weekly = schedule.weekly();
            ObjectNode node = json.putObject("weekly");
            node.put("day", weekly.day() == null ? null : PolicyText.day(weekly.day()));
            node.put("time", time(weekly.time()));
            node.put("keep", text(weekly.keep()));
        }
        if (schedule.monthly() != null) {
            MonthlySchedule monthly = schedule.monthly();
            ObjectNode node = json.putObject("monthly");
            node.set("months", strings(monthly.months(), PolicyText::month));
            node.put("week", text(monthly.week()));
            node.put("day", monthly.day() == null ? null : PolicyText.day(monthly.day()));
            node.put("time", time(monthly.time()));
            node.put("keep", text(monthly.keep()));
        }
        if (schedule.yearly() != null) {
            YearlySchedule yearly = schedule.yearly();
            ObjectNode node = json.putObject("yearly");
            node.put("month", yearly.month() == null ? null : PolicyText.month(yearly.month()));
            node.put("week", text(yearly.week()));
            node.put("day", yearly.day() == null ? null : PolicyText.day(yearly.day()));
            node.put("time", time(yearly.time()));
            node.put("keep", text(yearly.keep()));
        }
        return json;
    }

    /**
     * The restore test with its defaults; {@code week} and {@code maxTableSizeBytes} only when set, and
     * {@code withinDays} only for a {@code RANDOM} point (with {@code LATEST} it would be rejected).
     */
    private static JsonNode restoreTest(RestoreTest test) {
        ObjectNode json = NODES.objectNode();
        json.put("day", test.day() == null ? null : PolicyText.day(test.day()));
        json.put("time", time(test.time()));
        if (test.week() != null) {
            json.put("week", test.week().name());
        }
        json.put("point", test.point().name());
        if (test.point() == RestoreTest.PointChoice.RANDOM) {
            json.put("withinDays", test.withinDays());
        }
        json.put("tables", test.tables());
        if (test.maxTableSizeBytes() != null) {
            json.put("maxTableSizeBytes", test.maxTableSizeBytes());
        }
        json.putObject("validation")
                .put("itemCountTolerance", test.validation().itemCountTolerance())
                .put("sampleItems", test.validation().sampleItems());
        json.put("keepFor", test.keepFor().toString());
        return json;
    }

    /** The archive tier with its defaults; {@code tiers} only when given (absent means every tier of the schedule). */
    private static JsonNode archive(Archive archive) {
        ObjectNode json = NODES.objectNode();
        json.put("after", text(archive.after()));
        if (archive.explicitTiers()) {
            json.set("tiers", strings(archive.tiers(), Tier::name));
        }
        json.put("mode", archive.mode().name());
        json.put("storageClass", archive.storageClass().name());
        ArchiveTarget target = archive.target();
        if (target != null) {
            ObjectNode node = json.putObject("target");
            node.put("bucket", target.bucket());
            node.put("prefix", target.prefix());
            putIfSet(node, "region", target.region());
            putIfSet(node, "accountId", target.accountId());
            putIfSet(node, "roleArn", target.roleArn());
            putIfSet(node, "externalId", target.externalId());
            putIfSet(node, "kmsKeyId", target.kmsKeyId());
        }
        return json;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static <T> ArrayNode strings(Collection<T> values, Function<T, String> text) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(value -> array.add(text.apply(value)));
        return array;
    }

    private static String time(LocalTime time) {
        return time == null ? null : PolicyText.time(time);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
