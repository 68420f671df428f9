package io.gfsbackup.contracts.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gfsbackup.contracts.Policies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.Month;
import java.time.Period;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PolicyJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void readsTheSection1ExampleIntoTheModel() {
        Validated<BackupPolicy> read = PolicyJson.read(Policies.SECTION_1_JSON);

        assertThat(read.violations()).isEmpty();
        BackupPolicy policy = read.value();
        assertThat(policy.name()).isEqualTo("orders-gfs");
        assertThat(policy.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(policy.selection().tables()).containsExactly("orders", "order_transaction-*");
        assertThat(policy.selection().tags()).containsExactly(Map.entry("backup", "daily"));
        assertThat(policy.schedule().daily().times()).containsExactly(LocalTime.of(7, 0), LocalTime.of(11, 0));
        assertThat(policy.schedule().daily().days()).isEqualTo(EnumSet.allOf(DayOfWeek.class));
        assertThat(policy.schedule().weekly().keep()).isEqualTo(Period.ofDays(14));
        assertThat(policy.schedule().monthly().months()).containsExactly(Month.JANUARY, Month.MARCH, Month.MAY,
                Month.JULY, Month.SEPTEMBER, Month.NOVEMBER);
        assertThat(policy.schedule().monthly().week()).isEqualTo(WeekOfMonth.FIRST);
        assertThat(policy.schedule().yearly().keep()).isEqualTo(Period.ofYears(5));
        assertThat(policy.startWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(policy.retentionSafety().keepAtLeast()).isEqualTo(1);
    }

    @Test
    void appliesTheSection1DefaultsToOmittedFields() {
        String json = """
                {"name": "minimal", "selection": {"region": "eu-central-1", "tables": ["t1"]},
                 "schedule": {"daily": {"times": ["03:00"], "keep": "P7D"},
                              "monthly": {"week": "LAST", "day": "SUN", "time": "03:00", "keep": "P1Y"}}}
                """;

        BackupPolicy policy = PolicyJson.read(json).value();

        assertThat(policy.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(policy.enabled()).isTrue();
        assertThat(policy.description()).isEmpty();
        assertThat(policy.schedule().daily().days()).hasSize(7);
        assertThat(policy.schedule().monthly().months()).hasSize(12);
        assertThat(policy.startWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(policy.retentionSafety().keepAtLeast()).isEqualTo(1);
    }

    @Test
    void writesTheSection1Shape() throws Exception {
        JsonNode written = MAPPER.readTree(PolicyJson.write(Policies.section1()));

        assertThat(written).isEqualTo(MAPPER.readTree(Policies.SECTION_1_JSON_WRITTEN));
    }

    @Test
    void readingWhatWasWrittenGivesTheSamePolicy() {
        BackupPolicy policy = Policies.section1();

        assertThat(PolicyJson.read(PolicyJson.write(policy)).value()).isEqualTo(policy);
        assertThat(PolicyJson.read(PolicyJson.write(Policies.veeam())).value()).isEqualTo(Policies.veeam());
    }

    @Test
    void collectsEveryProblemOfOneDocumentInsteadOfStoppingAtTheFirst() {
        Validated<BackupPolicy> read = read(json -> {
            json.put("timeZone", "Mars/Base");
            daily(json).withArray("times").set(1, "7am");
            json.put("startWindow", "PT1M");
            json.put("colour", "blue");
        });

        assertThat(read.violations()).extracting(Violation::toString).containsExactlyInAnyOrder(
                "colour: unknown field; valid fields here are name, description, enabled, timeZone, selection, "
                        + "schedule, startWindow, retentionSafety, restoreTest, archive",
                "timeZone: \"Mars/Base\" is not an IANA time-zone id, e.g. Europe/Berlin",
                "schedule.daily.times[1]: \"7am\" is not a time of day in HH:mm form; use e.g. \"07:00\"",
                "startWindow: PT1M is too short; a start window must be at least PT5M");
    }

    @Test
    void aKeepOfExactlyOneHundredYearsIsAccepted() {
        Validated<BackupPolicy> read = read(json -> yearly(json).put("keep", "P100Y"));

        assertThat(read.violations()).isEmpty();
        assertThat(read.value().schedule().yearly().keep()).isEqualTo(java.time.Period.ofYears(100));
    }

    @Test
    void aProblemInTheDailyTimesDoesNotAlsoBlameTheWeeklyTimeThatReferencesThem() {
        Validated<BackupPolicy> read = read(json -> daily(json).withArray("times").set(0, 7));

        assertThat(read.violations()).extracting(Violation::toString).containsExactly(
                "schedule.daily.times[0]: 7 is not a time of day in HH:mm form; use e.g. \"07:00\"");
    }

    @Test
    void neverThrowsForInputThatIsNotAPolicy() {
        assertThat(PolicyJson.read((String) null).violations()).extracting(Violation::toString)
                .containsExactly("a policy is required; send a JSON object");
        assertThat(PolicyJson.read("").violations()).extracting(Violation::toString)
                .containsExactly("a policy must be a JSON object; got null");
        assertThat(PolicyJson.read("[1, 2]").violations()).extracting(Violation::toString)
                .containsExactly("a policy must be a JSON object; got an array");
    }

    static Stream<Arguments> invalidPolicies() {
        return Stream.of(
                invalidText("malformed JSON is reported with its position", "{\"name\": }",
                        "malformed JSON at line 1, column 10: Unexpected character ('}' (code 125)): expected a valid "
                                + "value (JSON String, Number, Array, Object or token 'null', 'true' or 'false'); send one "
                                + "JSON object"),
                invalidText("a duplicate key is malformed JSON", "{\"name\": \"a\", \"name\": \"b\"}",
                        "malformed JSON at line 1, column 21: Duplicate field 'name'; send one JSON object"),
                invalid("an unknown nested field is named with its path",
                        json -> selection(json).put("tabels", "x"),
                        "selection.tabels: unknown field; valid fields here are region, regions, accounts, tables, tags, exclude"),
                invalid("an unknown field in a tier is named with its path",
                        json -> weekly(json).put("hour", 7),
                        "schedule.weekly.hour: unknown field; valid fields here are day, time, keep"),
                invalid("the name is required", json -> json.remove("name"),
                        "name: is required; give the policy a name of 1 to 128 characters"),
                invalid("a blank name is no name", json -> json.put("name", "  "),
                        "name: is required; give the policy a name of 1 to 128 characters"),
                invalid("a name of 129 characters is too long", json -> json.put("name", "n".repeat(129)),
                        "name: has 129 characters; at most 128 are allowed"),
                invalid("enabled must be a boolean", json -> json.put("enabled", "yes"),
                        "enabled: \"yes\" is not a boolean; use true or false"),
                invalid("the time zone must be an IANA id", json -> json.put("timeZone", "Mars/Base"),
                        "timeZone: \"Mars/Base\" is not an IANA time-zone id, e.g. Europe/Berlin"),
                invalid("a fixed offset is not an IANA time-zone id", json -> json.put("timeZone", "+02:00"),
                        "timeZone: \"+02:00\" is not an IANA time-zone id, e.g. Europe/Berlin"),
                invalid("the selection is required", json -> json.remove("selection"),
                        "selection: is required; say which tables to back up by region and tables or tags"),
                invalid("a selection needs tables or tags", json -> {
                    selection(json).remove("tables");
                    selection(json).remove("tags");
                }, "selection: at least one of tables and tags is required; list table names or globs in tables, "
                        + "or tags that the selected tables carry"),
                invalid("the region must look like an AWS region", json -> selection(json).put("region", "us east"),
                        "selection.region: \"us east\" is not an AWS region; use e.g. us-east-1"),
                invalid("a table glob may only use table-name characters and wildcards",
                        json -> selection(json).withArray("tables").set(1, "order transaction*"),
                        "selection.tables[1]: \"order transaction*\" is not a table name or glob; use 1 to 255 "
                                + "characters of A-Z a-z 0-9 _ . - and the wildcards * (any run) and ? (one character)"),
                invalid("region and regions are not both given", json -> selection(json).putArray("regions")
                                .add("eu-west-1"),
                        "selection.regions: region and regions are both given; use regions alone, listing every "
                                + "region once"),
                invalid("every listed region must look like an AWS region", json -> {
                    selection(json).remove("region");
                    selection(json).putArray("regions").add("us-east-1").add("Frankfurt");
                }, "selection.regions[1]: \"Frankfurt\" is not an AWS region; use e.g. us-east-1"),
                invalid("a region is listed once", json -> {
                    selection(json).remove("region");
                    selection(json).putArray("regions").add("us-east-1").add("us-east-1");
                }, "selection.regions[1]: us-east-1 is listed twice; list each region once"),
                invalid("a selection needs a region", json -> selection(json).remove("region"),
                        "selection.regions: is required; list the AWS regions of the tables, e.g. [\"us-east-1\"] "
                                + "(or give one as region)"),
                invalid("an account id has 12 digits", json -> selection(json).putArray("accounts").addObject()
                                .put("accountId", "2222").put("roleArn", "arn:aws:iam::222222222222:role/gfs-backup"),
                        "selection.accounts[0].accountId: \"2222\" is not an AWS account id; use its 12 digits"),
                invalid("an account needs its role", json -> selection(json).putArray("accounts").addObject()
                                .put("accountId", "222222222222"),
                        "selection.accounts[0].roleArn: is required; use the ARN of the role to assume in that "
                                + "account, e.g. arn:aws:iam::222222222222:role/gfs-backup"),
                invalid("the role is in the account it reaches", json -> selection(json).putArray("accounts")
                                .addObject().put("accountId", "222222222222")
                                .put("roleArn", "arn:aws:iam::333333333333:role/gfs-backup"),
                        "selection.accounts[0].roleArn: names a role of account 333333333333, not of 222222222222; "
                                + "the role must be in the account whose tables it reaches"),
                invalid("a role ARN is an IAM role ARN", json -> selection(json).putArray("accounts").addObject()
                                .put("accountId", "222222222222").put("roleArn", "gfs-backup"),
                        "selection.accounts[0].roleArn: \"gfs-backup\" is not an IAM role ARN; use e.g. "
                                + "arn:aws:iam::222222222222:role/gfs-backup"),
                invalid("an external id has no spaces", json -> selection(json).putArray("accounts").addObject()
                                .put("accountId", "222222222222").put("roleArn", "arn:aws:iam::222222222222:role/r")
                                .put("externalId", "not valid"),
                        "selection.accounts[0].externalId: is not an external id; use 2 to 1224 characters of "
                                + "A-Z a-z 0-9 and + = , . @ : / -, as the role's trust policy names it (or leave it "
                                + "out)"),
                invalid("an account is listed once", json -> {
                    var accounts = selection(json).putArray("accounts");
                    accounts.addObject().put("accountId", "222222222222").put("roleArn", "arn:aws:iam::222222222222:role/a");
                    accounts.addObject().put("accountId", "222222222222").put("roleArn", "arn:aws:iam::222222222222:role/b");
                }, "selection.accounts[1].accountId: 222222222222 is listed twice; list each account once"),
                invalid("an account has only its three fields", json -> selection(json).putArray("accounts")
                                .addObject().put("accountId", "222222222222")
                                .put("roleArn", "arn:aws:iam::222222222222:role/r").put("region", "eu-west-1"),
                        "selection.accounts[0].region: unknown field; valid fields here are accountId, roleArn, "
                                + "externalId"),
                invalid("a tag value must be a string", json -> selection(json).with("tags").put("backup", 1),
                        "selection.tags.backup: 1 is not a string; use a string: tag values are strings"),
                invalid("the schedule is required", json -> json.remove("schedule"),
                        "schedule: is required; give at least one of daily, weekly, monthly, yearly"),
                invalid("an empty schedule has no tier", json -> json.set("schedule", MAPPER.createObjectNode()),
                        "schedule: has no tier; give at least one of daily, weekly, monthly, yearly "
                                + "(the most frequent one creates the restore points)"),
                invalid("a time must be in HH:mm form", json -> daily(json).withArray("times").set(1, "7am"),
                        "schedule.daily.times[1]: \"7am\" is not a time of day in HH:mm form; use e.g. \"07:00\""),
                invalid("a daily time may not be listed twice", json -> daily(json).withArray("times").add("07:00"),
                        "schedule.daily.times[2]: 07:00 is listed twice; list each time once"),
                invalid("the daily times may not be empty", json -> daily(json).putArray("times"),
                        "schedule.daily.times: is empty; list at least one time of day in HH:mm form, e.g. [\"07:00\"]"),
                invalid("at most 24 daily times", json -> {
                    ArrayNode times = daily(json).putArray("times");
                    for (int minute = 0; minute < 25; minute++) {
                        times.add(String.format("07:%02d", minute));
                    }
                    weekly(json).remove("time");
                }, "schedule.daily.times: has 25 times; at most 24 a day are allowed",
                        "schedule.weekly.time: is required; use a time of day in HH:mm form, e.g. 07:00"),
                invalid("the daily days may not be empty", json -> daily(json).putArray("days"),
                        "schedule.daily.days: is empty; list at least one day, or leave it out for every day"),
                invalid("a day is written MON to SUN", json -> weekly(json).put("day", "MONDAY"),
                        "schedule.weekly.day: \"MONDAY\" is not a day; use one of MON, TUE, WED, THU, FRI, SAT, SUN"),
                invalid("a day may not be listed twice", json -> daily(json).withArray("days").add("MON"),
                        "schedule.daily.days: MON is listed twice; list each once"),
                invalid("a month is written JAN to DEC",
                        json -> monthly(json).withArray("months").set(0, "January"),
                        "schedule.monthly.months[0]: \"January\" is not a month; use one of JAN, FEB, MAR, APR, MAY, "
                                + "JUN, JUL, AUG, SEP, OCT, NOV, DEC"),
                invalid("the week of the month is one of five", json -> monthly(json).put("week", "FIFTH"),
                        "schedule.monthly.week: \"FIFTH\" is not a week of the month; use one of FIRST, SECOND, THIRD, "
                                + "FOURTH, LAST"),
                invalid("a keep period must parse as ISO-8601", json -> daily(json).put("keep", "3 days"),
                        "schedule.daily.keep: \"3 days\" is not an ISO-8601 period; it must be a positive ISO-8601 "
                                + "period such as P3D, P2W, P6M, P1Y6M"),
                invalid("a keep period whose weeks overflow the days is not a period",
                        json -> daily(json).put("keep", "P901108112W"),
                        "schedule.daily.keep: \"P901108112W\" is not an ISO-8601 period; it must be a positive "
                                + "ISO-8601 period such as P3D, P2W, P6M, P1Y6M"),
                invalid("a name is printable text", json -> json.put("name", "orders\u0000gfs"),
                        "name: contains a control character; a name is printable text"),
                invalid("a description holds no NUL", json -> json.put("description", "a\u0000b"),
                        "description: contains a NUL character, which no text can hold here"),
                invalid("a keep period is at most 100 years", json -> yearly(json).put("keep", "P999999999Y"),
                        "schedule.yearly.keep: P999999999Y is longer than P100Y; a keep period may be at most 100 "
                                + "years"),
                invalid("a keep period a day longer than 100 years is too long",
                        json -> monthly(json).put("keep", "P100Y1D"),
                        "schedule.monthly.keep: P100Y1D is longer than P100Y; a keep period may be at most 100 years"),
                invalid("a keep period must be positive", json -> daily(json).put("keep", "P0D"),
                        "schedule.daily.keep: P0D is not positive; it must be a positive ISO-8601 period such as "
                                + "P3D, P2W, P6M, P1Y6M"),
                invalid("a keep period may not have a negative part", json -> weekly(json).put("keep", "P1M-3D"),
                        "schedule.weekly.keep: P1M-3D is not positive; it must be a positive ISO-8601 period such as "
                                + "P3D, P2W, P6M, P1Y6M"),
                invalid("a keep period is required", json -> monthly(json).remove("keep"),
                        "schedule.monthly.keep: is required; it must be a positive ISO-8601 period such as P3D, P2W, "
                                + "P6M, P1Y6M"),
                invalid("the weekly time must be a daily time", json -> weekly(json).put("time", "08:00"),
                        "schedule.weekly.time: 08:00 is not one of the daily times [07:00, 11:00]; a weekly restore "
                                + "point reuses a daily one",
                        "schedule.monthly.time: 07:00 is not the weekly time 08:00; a monthly restore point reuses a "
                                + "weekly one"),
                invalid("the weekly day must be a daily day", json -> {
                    daily(json).putArray("days").add("MON").add("TUE");
                    weekly(json).put("day", "SUN");
                    monthly(json).put("day", "SUN");
                    yearly(json).put("day", "SUN");
                }, "schedule.weekly.day: SUN is not one of the daily days [MON, TUE]; a weekly restore point reuses "
                        + "a daily one"),
                invalid("the monthly day must be the weekly day", json -> monthly(json).put("day", "TUE"),
                        "schedule.monthly.day: TUE is not the weekly day MON; a monthly restore point reuses a weekly one",
                        "schedule.yearly.day: MON is not the monthly day TUE; a yearly restore point reuses a monthly "
                                + "one"),
                invalid("without weekly the monthly time must be a daily time", json -> {
                    schedule(json).remove("weekly");
                    schedule(json).remove("yearly");
                    monthly(json).put("time", "09:30");
                }, "schedule.monthly.time: 09:30 is not one of the daily times [07:00, 11:00]; a monthly restore "
                        + "point reuses a daily one"),
                invalid("the yearly month must be a monthly month", json -> yearly(json).put("month", "FEB"),
                        "schedule.yearly.month: FEB is not one of the monthly months [JAN, MAR, MAY, JUL, SEP, NOV]; "
                                + "a yearly restore point reuses a monthly one"),
                invalid("the yearly week must be the monthly week", json -> yearly(json).put("week", "LAST"),
                        "schedule.yearly.week: LAST is not the monthly week FIRST; a yearly restore point reuses a "
                                + "monthly one"),
                invalid("without monthly the yearly time must be the weekly time", json -> {
                    schedule(json).remove("monthly");
                    yearly(json).put("time", "11:00");
                }, "schedule.yearly.time: 11:00 is not the weekly time 07:00; a yearly restore point reuses a weekly "
                        + "one"),
                invalid("with only daily below it the yearly day must be a daily day", json -> {
                    schedule(json).remove("monthly");
                    schedule(json).remove("weekly");
                    daily(json).putArray("days").add("SAT");
                    yearly(json).put("day", "MON");
                }, "schedule.yearly.day: MON is not one of the daily days [SAT]; a yearly restore point reuses a "
                        + "daily one"),
                invalid("the start window must parse as ISO-8601", json -> json.put("startWindow", "1h"),
                        "startWindow: \"1h\" is not an ISO-8601 duration; use e.g. PT1H (at least PT5M)"),
                invalid("the start window is at least PT5M", json -> json.put("startWindow", "PT4M59S"),
                        "startWindow: PT4M59S is too short; a start window must be at least PT5M"),
                invalid("the start window is at most PT24H", json -> json.put("startWindow", "PT25H"),
                        "startWindow: PT25H is too long; a start window must be at most PT24H"),
                invalid("keepAtLeast may not be negative", json -> safety(json).put("keepAtLeast", -1),
                        "retentionSafety.keepAtLeast: -1 is negative; use 0 (bare harmonized retention) or more "
                                + "(default 1)"),
                invalid("keepAtLeast is a whole number", json -> safety(json).put("keepAtLeast", 1.5),
                        "retentionSafety.keepAtLeast: 1.5 is not a whole number; use 0 (bare harmonized retention) "
                                + "or more (default 1)"),
                invalid("a tier must be an object", json -> schedule(json).put("weekly", "MON 07:00"),
                        "schedule.weekly: \"MON 07:00\" is not an object; use an object with the fields day, time, "
                                + "keep"),
                invalid("the daily times must be an array", json -> daily(json).put("times", "07:00"),
                        "schedule.daily.times: \"07:00\" is not an array; use a list of times of day in HH:mm form"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPolicies")
    void rejectsAnInvalidPolicyWithOneMessagePerProblem(String rule, String json, List<String> expected) {
        Validated<BackupPolicy> read = PolicyJson.read(json);

        assertThat(read.isValid()).isFalse();
        assertThat(read.toOptional()).isEmpty();
        assertThat(read.violations()).extracting(Violation::toString).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theValidatorAppliesTheSameRulesToAPolicyBuiltInCode() {
        BackupPolicy policy = Policies.veeam();
        BackupPolicy broken = new BackupPolicy(policy.name(), "", true, ZoneId.of("Europe/Berlin"),
                policy.selection(), new Schedule(policy.schedule().daily(),
                new WeeklySchedule(DayOfWeek.MONDAY, LocalTime.of(7, 0, 30), Period.ofDays(14)), null, null),
                Duration.ofMinutes(5), null);

        assertThat(PolicyValidator.validate(policy)).isEmpty();
        assertThat(PolicyValidator.validate(broken)).extracting(Violation::toString).containsExactly(
                "schedule.weekly.time: 07:00:30 is not a whole minute; use a time of day in HH:mm form, e.g. 07:00",
                "schedule.weekly.time: 07:00:30 is not one of the daily times [07:00, 11:00]; a weekly restore point "
                        + "reuses a daily one");
    }

    private static Arguments invalid(String rule, Consumer<ObjectNode> mutation, String... expected) {
        try {
            ObjectNode json = (ObjectNode) MAPPER.readTree(Policies.SECTION_1_JSON);
            mutation.accept(json);
            return arguments(rule, json.toString(), List.of(expected));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Arguments invalidText(String rule, String json, String... expected) {
        return arguments(rule, json, List.of(expected));
    }

    private static Validated<BackupPolicy> read(Consumer<ObjectNode> mutation) {
        return PolicyJson.read((String) invalid("", mutation).get()[1]);
    }

    private static ObjectNode selection(ObjectNode json) {
        return json.with("selection");
    }

    private static ObjectNode schedule(ObjectNode json) {
        return json.with("schedule");
    }

    private static ObjectNode daily(ObjectNode json) {
        return schedule(json).with("daily");
    }

    private static ObjectNode weekly(ObjectNode json) {
        return schedule(json).with("weekly");
    }

    private static ObjectNode monthly(ObjectNode json) {
        return schedule(json).with("monthly");
    }

    private static ObjectNode yearly(ObjectNode json) {
        return schedule(json).with("yearly");
    }

    private static ObjectNode safety(ObjectNode json) {
        return json.with("retentionSafety");
    }
}
