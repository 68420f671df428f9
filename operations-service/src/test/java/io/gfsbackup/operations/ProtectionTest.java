package io.gfsbackup.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.DeletionsPaused;
import io.gfsbackup.contracts.messages.DeletionsResumed;
import io.gfsbackup.contracts.messages.RetentionGap;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.operations.support.Fixtures;
import io.gfsbackup.operations.support.MotoTables;
import io.gfsbackup.operations.support.Policies;
import io.gfsbackup.operations.support.TestKafka;
import io.gfsbackup.operations.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The protection report over tables made in moto: each status for each of its reasons, filters, point-in-time
 * recovery. Each test makes its own tables and policy, sets the clock to a fresh midnight ({@code now}) and places
 * its backups relative to it. The policy's longest gap between slots is 20 h and its start window 1 h.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class ProtectionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REGION = Fixtures.REGION;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DynamoDbClient dynamoDb;

    @Inject
    Clock clock;

    private TestKafka kafka;
    private TestTime time;
    private MotoTables tables;
    private Instant now;

    @BeforeEach
    void connect() {
        kafka = new TestKafka(bootstrapServers);
        time = new TestTime(bootstrapServers, clock);
        tables = new MotoTables(dynamoDb);
        now = time.freshDay();
    }

    @AfterEach
    void disconnect() {
        kafka.close();
        time.close();
    }

    @Test
    void aTableSelectedByNameOrByTagAndBackedUpOnTimeIsProtected() {
        String tag = Fixtures.unique("team");
        TableRef byName = tables.create(Fixtures.unique("orders"));
        TableRef byTag = tables.create(Fixtures.unique("invoices"), Map.of("gfs-test", tag));
        Policies policy = Policies.of(kafka, Fixtures.unique("protected"), true, List.of(REGION),
                List.of(byName.name()), Map.of("gfs-test", tag)).publish(now);
        Instant slot = now.minus(Duration.ofHours(13));
        BackupCreated created = policy.succeeded(byName, slot);
        policy.succeeded(byTag, slot);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(row(report(""), byName).getString("status")).isEqualTo("PROTECTED");
            assertThat(row(report(""), byTag).getString("status")).isEqualTo("PROTECTED");
        });
        JsonPath table = row(report(""), byName);
        assertThat(table.getString("accountId")).isEqualTo(Fixtures.ACCOUNT);
        assertThat(table.getString("region")).isEqualTo(REGION);
        assertThat(table.getString("tableArn")).isEqualTo(byName.arn());
        assertThat(table.getList("statusReasons")).isEmpty();
        assertThat(table.getList("policies")).hasSize(1);
        assertThat(table.getString("policies[0].id")).isEqualTo(policy.id.toString());
        assertThat(table.getString("policies[0].name")).isEqualTo(policy.name());
        assertThat(table.getLong("policies[0].version")).isEqualTo(1);
        assertThat(table.getString("lastSuccess.at")).isEqualTo(created.occurredAt().toString());
        assertThat(table.getLong("lastSuccess.ageSeconds"))
                .isEqualTo(Duration.between(created.occurredAt(), now).toSeconds());
        assertThat(table.getString("lastSuccess.slot")).isEqualTo(slot.toString());
        assertThat(table.getMap("alivePoints")).containsExactly(Map.entry("D", 1), Map.entry("W", 0),
                Map.entry("M", 0), Map.entry("Y", 0), Map.entry("unflagged", 0));
        assertThat(table.getString("nextSlot")).isEqualTo(now.plus(Duration.ofHours(7)).toString());
        assertThat(table.getBoolean("inInventory")).isTrue();
        assertThat(row(report(""), byTag).getString("policies[0].id")).isEqualTo(policy.id.toString());
    }

    @Test
    void aTableWithoutASuccessForLongerThanTheLongestGapPlusTheStartWindowIsAtRisk() {
        TableRef late = tables.create(Fixtures.unique("late"));
        TableRef fresh = tables.create(Fixtures.unique("fresh"));
        Policies policy = Policies.of(kafka, Fixtures.unique("late"), true, List.of(REGION),
                List.of(late.name(), fresh.name()), Map.of()).publish(now);
        policy.succeeded(late, now.minus(Duration.ofHours(41)));

        await().atMost(WAIT).untilAsserted(() -> assertThat(row(report(""), late).getString("status"))
                .isEqualTo("AT_RISK"));
        assertThat(row(report(""), late).getList("statusReasons", String.class)).containsExactly("policy \""
                + policy.name() + "\": no backup has completed for 1 d 16 h (the last at "
                + now.minus(Duration.ofHours(41)).plusSeconds(300) + "), longer than its longest gap between slots"
                + " (20 h 0 min) plus its start window (1 h 0 min)");
        JsonPath never = row(report(""), fresh);
        assertThat(never.getString("status")).as("first listed now: it has until its first slot's window ends")
                .isEqualTo("PROTECTED");
        assertThat(never.getString("lastSuccess")).isNull();
    }

    @Test
    void backupsFailedOrMissedSinceTheLastSuccessPutATableAtRiskAndOnesBeforeItDoNot() {
        TableRef failed = tables.create(Fixtures.unique("failed"));
        TableRef missed = tables.create(Fixtures.unique("missed"));
        TableRef recovered = tables.create(Fixtures.unique("recovered"));
        Policies policy = Policies.of(kafka, Fixtures.unique("failing"), true, List.of(REGION),
                List.of(failed.name(), missed.name(), recovered.name()), Map.of()).publish(now);
        Instant morning = now.minus(Duration.ofHours(17));
        Instant noon = now.minus(Duration.ofHours(13));
        policy.succeeded(failed, morning);
        policy.failed(failed, noon, "AccessDeniedException: not authorized to perform dynamodb:CreateBackup");
        policy.succeeded(missed, morning);
        policy.missed(missed, noon);
        policy.failed(recovered, morning, "throttled");
        policy.succeeded(recovered, noon);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath report = report("");
            assertThat(row(report, failed).getString("status")).isEqualTo("AT_RISK");
            assertThat(row(report, missed).getString("status")).isEqualTo("AT_RISK");
            assertThat(row(report, recovered).getString("status")).isEqualTo("PROTECTED");
        });
        JsonPath report = report("");
        assertThat(row(report, failed).getList("statusReasons", String.class)).containsExactly("policy \""
                + policy.name() + "\": 1 backup failed or missed since the last success; the newest, of slot " + noon
                + ", FAILED: AccessDeniedException: not authorized to perform dynamodb:CreateBackup");
        assertThat(row(report, missed).getList("statusReasons", String.class)).singleElement().asString()
                .contains("of slot " + noon + ", MISSED: the start window ended");
    }

    @Test
    void anOpenRetentionGapPutsATableAtRiskAndAClosedOneDoesNot() {
        TableRef open = tables.create(Fixtures.unique("gap-open"));
        TableRef closed = tables.create(Fixtures.unique("gap-closed"));
        Policies policy = Policies.of(kafka, Fixtures.unique("gaps"), true, List.of(REGION),
                List.of(open.name(), closed.name()), Map.of()).publish(now);
        policy.succeeded(open, now.minus(Duration.ofHours(13)));
        policy.succeeded(closed, now.minus(Duration.ofHours(13)));
        // W is kept 14 days: a gap is open until its period's end plus 14 days
        kafka.publish(gap(policy, open, now.minus(Duration.ofDays(14)), now.minus(Duration.ofDays(7))));
        kafka.publish(gap(policy, closed, now.minus(Duration.ofDays(35)), now.minus(Duration.ofDays(28))));

        await().atMost(WAIT).untilAsserted(() -> assertThat(row(report(""), open).getString("status"))
                .isEqualTo("AT_RISK"));
        assertThat(row(report(""), open).getList("statusReasons", String.class)).containsExactly("policy \""
                + policy.name() + "\": no W point for " + now.minus(Duration.ofDays(14)) + " to "
                + now.minus(Duration.ofDays(7)) + " (a retention gap, open until " + now.plus(Duration.ofDays(7))
                + ")");
        assertThat(row(report(""), closed).getString("status")).isEqualTo("PROTECTED");
    }

    @Test
    void pausedDeletionsPutThePolicysTablesAtRiskUntilTheyAreResumed() {
        TableRef table = tables.create(Fixtures.unique("paused"));
        Policies policy = Policies.of(kafka, Fixtures.unique("paused"), true, List.of(REGION),
                List.of(table.name()), Map.of()).publish(now);
        policy.succeeded(table, now.minus(Duration.ofHours(13)));
        Instant pausedAt = now.minusSeconds(60);
        kafka.publish(DeletionsPaused.of(policy.id, "CLOCK_LEAD", "the clock moved 365 d in 3 s of wall time",
                now.plus(Duration.ofDays(365)), pausedAt));

        await().atMost(WAIT).untilAsserted(() -> assertThat(row(report(""), table).getString("status"))
                .isEqualTo("AT_RISK"));
        assertThat(row(report(""), table).getList("statusReasons", String.class)).containsExactly("policy \""
                + policy.name() + "\": its deletions are paused since " + pausedAt
                + " (CLOCK_LEAD): the clock moved 365 d in 3 s of wall time");

        kafka.publish(DeletionsResumed.of(policy.id, "alice", now));
        await().atMost(WAIT).untilAsserted(() -> assertThat(row(report(""), table).getString("status"))
                .isEqualTo("PROTECTED"));
    }

    @Test
    void aTableNoEnabledPolicySelectsIsUnprotectedUnlessItMatchesTheIgnoreList() {
        TableRef unprotected = tables.create(Fixtures.unique("sessions"));
        TableRef ignored = tables.create(Fixtures.unique("ignored-scratch"));
        TableRef scratch = tables.create(Fixtures.unique("gfs-scratch-restore-test"));
        Policies disabled = Policies.of(kafka, Fixtures.unique("disabled"), false, List.of(REGION),
                List.of(unprotected.name()), Map.of()).publish(now);

        await().atMost(WAIT).untilAsserted(() -> assertThat(row(report(""), unprotected).getList("statusReasons"))
                .hasSize(2));
        JsonPath table = row(report(""), unprotected);
        assertThat(table.getString("status")).isEqualTo("UNPROTECTED");
        assertThat(table.getList("statusReasons", String.class)).containsExactly("selected by no enabled policy",
                "policy \"" + disabled.name() + "\" would select it but is disabled");
        assertThat(table.getList("policies")).isEmpty();
        assertThat(table.getString("nextSlot")).isNull();
        JsonPath skipped = row(report(""), ignored);
        assertThat(skipped.getString("status")).isEqualTo("IGNORED");
        assertThat(skipped.getList("statusReasons", String.class)).containsExactly("selected by no enabled policy",
                "ignored: matches \"ignored-*\" of gfs.operations.protection.ignore");
        JsonPath own = row(report(""), scratch);
        assertThat(own.getString("status")).isEqualTo("IGNORED");
        assertThat(own.getList("statusReasons", String.class)).containsExactly("selected by no enabled policy",
                "ignored: a scratch table of this system (its name starts with gfs-scratch-, which no policy"
                        + " selects)");
    }

    @Test
    void aDeletedTableWithAlivePointsIsGoneButOneInAnAccountAndRegionThatCannotBeReadIsNot() {
        TableRef deleted = tables.create(Fixtures.unique("deleted"));
        // moto answers 500 for a region it does not know: the inventory of that region cannot be read
        TableRef far = TableRef.fromArn("arn:aws:dynamodb:zz-test-9:" + Fixtures.ACCOUNT + ":table/"
                + Fixtures.unique("far"));
        Policies policy = Policies.of(kafka, Fixtures.unique("gone"), true, List.of(REGION, "zz-test-9"),
                List.of(deleted.name(), far.name()), Map.of()).publish(now);
        try {
            policy.succeeded(deleted, now.minus(Duration.ofHours(13)));
            policy.succeeded(far, now.minus(Duration.ofHours(13)));
            await().atMost(WAIT).untilAsserted(() -> assertThat(row(report(""), deleted).getString("status"))
                    .isEqualTo("PROTECTED"));

            tables.delete(deleted);

            JsonPath report = report("");
            JsonPath gone = row(report, deleted);
            assertThat(gone.getString("status")).isEqualTo("GONE");
            assertThat(gone.getList("statusReasons", String.class)).singleElement().asString()
                    .startsWith("no longer in the inventory of " + Fixtures.ACCOUNT + "/" + REGION + " (read at ")
                    .endsWith("its 1 restore point remains until it expires");
            assertThat(gone.getBoolean("inInventory")).isFalse();
            assertThat(gone.getMap("alivePoints")).containsEntry("D", 1);
            JsonPath unread = row(report, far);
            assertThat(unread.getString("status")).isEqualTo("PROTECTED");
            assertThat(unread.getBoolean("inInventory")).isFalse();
            assertThat(unread.getString("policies[0].id")).isEqualTo(policy.id.toString());
            assertThat(unread.getList("statusReasons", String.class)).singleElement().asString()
                    .startsWith("not listed: the inventory of " + Fixtures.ACCOUNT + "/zz-test-9 could not be read (")
                    .endsWith("); shown from its jobs and restore points");
            assertThat(report.getList("scopes.findAll { it.region == 'zz-test-9' }.state")).containsOnly("UNREAD");
            assertThat(report.getList("scopes.findAll { it.region == 'zz-test-9' }.error", String.class))
                    .allSatisfy(error -> assertThat(error).contains("500"));
        } finally {
            kafka.deletePolicy(policy.id); // the other tests need not wait for that region
        }
    }

    @Test
    void pointInTimeRecoveryIsReadFromEachTableAtTheInventoryRefresh() {
        TableRef on = tables.create(Fixtures.unique("pitr-on"));
        TableRef off = tables.create(Fixtures.unique("pitr-off"));
        tables.enablePointInTimeRecovery(on);
        Policies.of(kafka, Fixtures.unique("pitr"), true, List.of(REGION), List.of(on.name(), off.name()), Map.of())
                .publish(now);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath report = report("");
            assertThat(row(report, on).getString("pointInTimeRecovery")).isEqualTo("ENABLED");
            assertThat(row(report, off).getString("pointInTimeRecovery")).isEqualTo("DISABLED");
        });
    }

    @Test
    void theReportFiltersByStatusAndAccount() {
        TableRef covered = tables.create(Fixtures.unique("covered"));
        TableRef bare = tables.create(Fixtures.unique("bare"));
        Policies policy = Policies.of(kafka, Fixtures.unique("filters"), true, List.of(REGION),
                List.of(covered.name()), Map.of()).publish(now);
        policy.succeeded(covered, now.minus(Duration.ofHours(13)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(row(report(""), covered).getString("status"))
                .isEqualTo("PROTECTED"));

        JsonPath unprotected = report("status=UNPROTECTED");
        assertThat(unprotected.getList("tables.status")).containsOnly("UNPROTECTED");
        assertThat(unprotected.getList("tables.tableName")).contains(bare.name()).doesNotContain(covered.name());
        assertThat(unprotected.getMap("summary")).containsEntry("UNPROTECTED",
                unprotected.getList("tables").size()).containsEntry("PROTECTED", 0);
        JsonPath either = given().header("Authorization", Tokens.auditor()).queryParam("status", "protected")
                .queryParam("status", "UNPROTECTED,AT_RISK").queryParam("account", Fixtures.ACCOUNT)
                .get("/api/v1/protection").then().statusCode(200).extract().jsonPath();
        assertThat(either.getList("tables.tableName")).contains(covered.name(), bare.name());
        assertThat(either.getList("tables.status")).doesNotContain("IGNORED", "GONE");
        JsonPath elsewhere = report("account=999999999999");
        assertThat(elsewhere.getList("tables")).isEmpty();
        assertThat(elsewhere.getList("scopes")).isEmpty();
        given().header("Authorization", Tokens.admin()).get("/api/v1/protection").then().statusCode(200);
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() {
        given().header("Authorization", Tokens.viewer()).queryParam("status", "PROTECTED,SAFE")
                .get("/api/v1/protection").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("status"))
                .body("violations[0].message", equalTo("'SAFE' is not one of PROTECTED, AT_RISK, UNPROTECTED,"
                        + " IGNORED, GONE"));
        given().header("Authorization", Tokens.viewer()).queryParam("account", "12345")
                .get("/api/v1/protection").then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("account"))
                .body("violations[0].message", equalTo("'12345' is not a 12-digit AWS account id"));
        given().get("/api/v1/protection").then().statusCode(401);
    }

    private RetentionGap gap(Policies policy, TableRef table, Instant start, Instant end) {
        return RetentionGap.of(policy.id, table, new io.gfsbackup.contracts.retention.RetentionGap(Tier.W, start, end),
                end);
    }

    private static JsonPath report(String query) {
        return given().header("Authorization", Tokens.viewer())
                .get("/api/v1/protection" + (query.isEmpty() ? "" : "?" + query)).then()
                .statusCode(200).extract().jsonPath();
    }

    /** The row of {@code table} in the report. */
    private static JsonPath row(JsonPath report, TableRef table) {
        List<Map<String, Object>> rows = report.getList("tables.findAll { it.tableArn == '" + table.arn() + "' }");
        assertThat(rows).as("the rows of %s", table.name()).hasSize(1);
        return JsonPath.from(report.prettify()).setRootPath("tables.find { it.tableArn == '" + table.arn() + "' }");
    }
}
