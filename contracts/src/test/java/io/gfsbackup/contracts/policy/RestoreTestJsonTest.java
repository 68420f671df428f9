package io.gfsbackup.contracts.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gfsbackup.contracts.Policies;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PolicyUpserted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A policy's {@code restoreTest} block: read with its defaults, written back, and every rule of it. */
class RestoreTestJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String FULL = """
            {"day": "SAT", "time": "12:00", "week": "LAST", "point": "RANDOM", "withinDays": 14, "tables": 3,
             "maxTableSizeBytes": 10737418240, "validation": {"itemCountTolerance": 0.25, "sampleItems": 0},
             "keepFor": "PT24H"}
            """;

    @Test
    void readsEveryFieldOfARestoreTest() {
        RestoreTest test = read(json -> json.set("restoreTest", tree(FULL))).value().restoreTest();

        assertThat(test).isEqualTo(new RestoreTest(WeekOfMonth.LAST, DayOfWeek.SATURDAY, LocalTime.NOON,
                RestoreTest.PointChoice.RANDOM, 14, 3, 10_737_418_240L, new RestoreValidation(0.25, 0),
                Duration.ofHours(24)));
        assertThat(test.monthly()).isTrue();
    }

    @Test
    void aPolicyWithoutRestoreTestHasNone() {
        assertThat(Policies.section1().restoreTest()).isNull();
        assertThat(read(json -> json.putNull("restoreTest")).value().restoreTest()).isNull();
    }

    @Test
    void aRestoreTestOfOnlyDayAndTimeTakesTheDefaults() {
        RestoreTest test = read(json -> json.putObject("restoreTest").put("day", "SUN").put("time", "03:30"))
                .value().restoreTest();

        assertThat(test.monthly()).isFalse();
        assertThat(test.day()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(test.time()).isEqualTo(LocalTime.of(3, 30));
        assertThat(test.point()).isEqualTo(RestoreTest.PointChoice.LATEST);
        assertThat(test.withinDays()).isEqualTo(30);
        assertThat(test.tables()).isEqualTo(1);
        assertThat(test.maxTableSizeBytes()).isNull();
        assertThat(test.validation()).isEqualTo(new RestoreValidation(0.1, 10));
        assertThat(test.keepFor()).isEqualTo(Duration.ZERO);
    }

    @Test
    void writesTheDefaultsAndLeavesOutWhatIsUnsetOrOnlyForRandom() throws Exception {
        BackupPolicy policy = read(json -> json.putObject("restoreTest").put("day", "SUN").put("time", "03:30"))
                .value();

        JsonNode written = MAPPER.readTree(PolicyJson.write(policy)).get("restoreTest");

        assertThat(written).isEqualTo(tree("""
                {"day": "SUN", "time": "03:30", "point": "LATEST", "tables": 1,
                 "validation": {"itemCountTolerance": 0.1, "sampleItems": 10}, "keepFor": "PT0S"}
                """));
    }

    @Test
    void readingWhatWasWrittenGivesTheSameRestoreTest() {
        BackupPolicy full = read(json -> json.set("restoreTest", tree(FULL))).value();
        BackupPolicy minimal = read(json -> json.putObject("restoreTest").put("day", "MON").put("time", "00:00"))
                .value();

        assertThat(PolicyJson.read(PolicyJson.write(full)).value()).isEqualTo(full);
        assertThat(PolicyJson.read(PolicyJson.write(minimal)).value()).isEqualTo(minimal);
    }

    @Test
    void aPolicyUpsertedCarriesTheRestoreTestOnKafka() {
        BackupPolicy policy = read(json -> json.set("restoreTest", tree(FULL))).value();
        PolicyUpserted upserted = PolicyUpserted.of(UUID.fromString("0b6a3c1e-5d2f-4e8a-9b7c-1d2e3f4a5b6c"), 4, policy,
                "alice", Instant.parse("2026-01-05T07:00:00Z"));

        PolicyUpserted parsed = (PolicyUpserted) Messages.parse(Messages.toJson(upserted));

        assertThat(parsed).isEqualTo(upserted);
        assertThat(parsed.policy().restoreTest().point()).isEqualTo(RestoreTest.PointChoice.RANDOM);
    }

    @Test
    void theValidatorAppliesTheRestoreTestRulesToAPolicyBuiltInCode() {
        BackupPolicy policy = Policies.veeam();
        BackupPolicy broken = new BackupPolicy(policy.name(), "", true, policy.timeZone(), policy.selection(),
                policy.schedule(), policy.startWindow(), policy.retentionSafety(),
                new RestoreTest(null, null, LocalTime.of(12, 0, 30), RestoreTest.PointChoice.LATEST, 7, 1, null,
                        new RestoreValidation(Double.NaN, 10), Duration.ofDays(31)));

        assertThat(PolicyValidator.validate(broken)).extracting(Violation::toString).containsExactlyInAnyOrder(
                "restoreTest.day: is required; use a day such as SAT",
                "restoreTest.time: 12:00:30 is not a whole minute; use a time of day in HH:mm form, e.g. 07:00",
                "restoreTest.withinDays: is only for point RANDOM (the days among whose points one is drawn); leave "
                        + "it out with LATEST, or set point to RANDOM",
                "restoreTest.validation.itemCountTolerance: NaN is out of range; use a fraction from 0 to 1, e.g. 0.1 "
                        + "for 10% (default 0.1)",
                "restoreTest.keepFor: PT744H is longer than P30D; use an ISO-8601 duration from PT0S (drop the table "
                        + "at once, the default) to P30D, e.g. PT24H");
    }

    static Stream<Arguments> invalidRestoreTests() {
        return Stream.of(
                invalidPolicy("the restore test is an object", json -> json.put("restoreTest", "SAT 12:00"),
                        "restoreTest: \"SAT 12:00\" is not an object; use an object with the fields day, time, week, "
                                + "point, withinDays, tables, maxTableSizeBytes, validation, keepFor"),
                invalid("an unknown field is named with its path", test -> test.put("when", "weekly"),
                        "restoreTest.when: unknown field; valid fields here are day, time, week, point, withinDays, "
                                + "tables, maxTableSizeBytes, validation, keepFor"),
                invalid("an unknown validation field is named with its path",
                        test -> test.with("validation").put("scan", true),
                        "restoreTest.validation.scan: unknown field; valid fields here are itemCountTolerance, "
                                + "sampleItems"),
                invalid("the day is required", test -> test.remove("day"),
                        "restoreTest.day: is required; use a day such as SAT"),
                invalid("the day is written MON to SUN", test -> test.put("day", "SATURDAY"),
                        "restoreTest.day: \"SATURDAY\" is not a day; use one of MON, TUE, WED, THU, FRI, SAT, SUN"),
                invalid("the time is required", test -> test.remove("time"),
                        "restoreTest.time: is required; use a time of day in HH:mm form, e.g. 07:00"),
                invalid("the time is in HH:mm form", test -> test.put("time", "noon"),
                        "restoreTest.time: \"noon\" is not a time of day in HH:mm form; use e.g. \"07:00\""),
                invalid("the week is one of five", test -> test.put("week", "EVERY"),
                        "restoreTest.week: \"EVERY\" is not a week of the month; use one of FIRST, SECOND, THIRD, "
                                + "FOURTH, LAST"),
                invalid("the point is LATEST or RANDOM", test -> test.put("point", "OLDEST"),
                        "restoreTest.point: \"OLDEST\" is not a point to restore; use LATEST (the newest alive point, "
                                + "the default) or RANDOM (one drawn among the alive points of the last withinDays "
                                + "days)"),
                invalid("withinDays is only for RANDOM", test -> test.put("point", "LATEST"),
                        "restoreTest.withinDays: is only for point RANDOM (the days among whose points one is drawn); "
                                + "leave it out with LATEST, or set point to RANDOM"),
                invalid("withinDays is only for RANDOM, which is not the default", test -> test.remove("point"),
                        "restoreTest.withinDays: is only for point RANDOM (the days among whose points one is drawn); "
                                + "leave it out with LATEST, or set point to RANDOM"),
                invalid("withinDays is at least 1", test -> test.put("withinDays", 0),
                        "restoreTest.withinDays: 0 is out of range; use 1 to 3660 (default 30)"),
                invalid("withinDays is at most 3660", test -> test.put("withinDays", 3661),
                        "restoreTest.withinDays: 3661 is out of range; use 1 to 3660 (default 30)"),
                invalid("withinDays is a whole number", test -> test.put("withinDays", "30"),
                        "restoreTest.withinDays: \"30\" is not a whole number; use 1 to 3660 (default 30)"),
                invalid("tables is at least 1", test -> test.put("tables", 0),
                        "restoreTest.tables: 0 is out of range; use 1 to 100 (default 1)"),
                invalid("tables is at most 100", test -> test.put("tables", 101),
                        "restoreTest.tables: 101 is out of range; use 1 to 100 (default 1)"),
                invalid("tables beyond an int is out of range", test -> test.put("tables", 10_000_000_000L),
                        "restoreTest.tables: 10000000000 is out of range; use 1 to 100 (default 1)"),
                invalid("tables is a whole number", test -> test.put("tables", 1.5),
                        "restoreTest.tables: 1.5 is not a whole number; use 1 to 100 (default 1)"),
                invalid("the size cap is positive", test -> test.put("maxTableSizeBytes", 0),
                        "restoreTest.maxTableSizeBytes: 0 is not positive; use a size in bytes of at least 1, or "
                                + "leave it out for no cap"),
                invalid("the size cap is a whole number of bytes", test -> test.put("maxTableSizeBytes", "10GB"),
                        "restoreTest.maxTableSizeBytes: \"10GB\" is not a whole number of bytes; use a size in bytes "
                                + "of at least 1, or leave it out for no cap"),
                invalid("the validation is an object", test -> test.put("validation", true),
                        "restoreTest.validation: true is not an object; use an object with the fields "
                                + "itemCountTolerance, sampleItems"),
                invalid("the tolerance is at most 1", test -> test.with("validation").put("itemCountTolerance", 10),
                        "restoreTest.validation.itemCountTolerance: 10.0 is out of range; use a fraction from 0 to 1, "
                                + "e.g. 0.1 for 10% (default 0.1)"),
                invalid("the tolerance is not negative",
                        test -> test.with("validation").put("itemCountTolerance", -0.1),
                        "restoreTest.validation.itemCountTolerance: -0.1 is out of range; use a fraction from 0 to 1, "
                                + "e.g. 0.1 for 10% (default 0.1)"),
                invalid("the tolerance is a number",
                        test -> test.with("validation").put("itemCountTolerance", "10%"),
                        "restoreTest.validation.itemCountTolerance: \"10%\" is not a number; use a fraction from 0 to "
                                + "1, e.g. 0.1 for 10% (default 0.1)"),
                invalid("at most 100 sample items", test -> test.with("validation").put("sampleItems", 101),
                        "restoreTest.validation.sampleItems: 101 is out of range; use 0 to 100 (default 10)"),
                invalid("sample items are not negative", test -> test.with("validation").put("sampleItems", -1),
                        "restoreTest.validation.sampleItems: -1 is out of range; use 0 to 100 (default 10)"),
                invalid("sample items are a whole number", test -> test.with("validation").put("sampleItems", 2.5),
                        "restoreTest.validation.sampleItems: 2.5 is not a whole number; use 0 to 100 (default 10)"),
                invalid("keepFor is an ISO-8601 duration", test -> test.put("keepFor", "1 day"),
                        "restoreTest.keepFor: \"1 day\" is not an ISO-8601 duration; use an ISO-8601 duration from "
                                + "PT0S (drop the table at once, the default) to P30D, e.g. PT24H"),
                invalid("keepFor is not negative", test -> test.put("keepFor", "-PT1H"),
                        "restoreTest.keepFor: PT-1H is negative; use an ISO-8601 duration from PT0S (drop the table "
                                + "at once, the default) to P30D, e.g. PT24H"),
                invalid("keepFor is at most 30 days", test -> test.put("keepFor", "P30DT1S"),
                        "restoreTest.keepFor: PT720H1S is longer than P30D; use an ISO-8601 duration from PT0S (drop "
                                + "the table at once, the default) to P30D, e.g. PT24H"),
                invalid("every problem of the block is reported at once", test -> {
                    test.put("tables", 0);
                    test.put("keepFor", "P31D");
                    test.put("color", "red");
                }, "restoreTest.tables: 0 is out of range; use 1 to 100 (default 1)",
                        "restoreTest.keepFor: PT744H is longer than P30D; use an ISO-8601 duration from PT0S (drop the "
                                + "table at once, the default) to P30D, e.g. PT24H",
                        "restoreTest.color: unknown field; valid fields here are day, time, week, point, withinDays, "
                                + "tables, maxTableSizeBytes, validation, keepFor"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRestoreTests")
    void rejectsAnInvalidRestoreTestNamingTheFieldAndWhatIsValid(String rule, String json, List<String> expected) {
        PolicyTrees.assertRejected(json, expected);
    }

    @Test
    void theLimitsThemselvesAreValid() {
        Validated<BackupPolicy> read = read(json -> json.putObject("restoreTest").put("day", "SAT").put("time", "12:00")
                .put("point", "RANDOM").put("withinDays", 3660).put("tables", 100).put("maxTableSizeBytes", 1)
                .put("keepFor", "P30D").putObject("validation").put("itemCountTolerance", 1).put("sampleItems", 100));

        assertThat(read.violations()).isEmpty();
        assertThat(read.value().restoreTest().validation()).isEqualTo(new RestoreValidation(1.0, 100));
    }

    /** The section-1 policy with {@link #FULL} as its restore test, changed by {@code mutation}. */
    private static Arguments invalid(String rule, Consumer<ObjectNode> mutation, String... expected) {
        return invalidPolicy(rule, policy -> mutation.accept(policy.putObject("restoreTest").setAll(tree(FULL))),
                expected);
    }

    /** The section-1 policy changed by {@code mutation}. */
    private static Arguments invalidPolicy(String rule, Consumer<ObjectNode> mutation, String... expected) {
        return PolicyTrees.rejected(rule, Policies.SECTION_1_JSON, mutation, expected);
    }

    private static Validated<BackupPolicy> read(Consumer<ObjectNode> mutation) {
        return PolicyTrees.read(Policies.SECTION_1_JSON, mutation);
    }

    private static ObjectNode tree(String json) {
        return PolicyTrees.tree(json);
    }
}
