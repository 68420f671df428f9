package io.gfsbackup.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.RestoreEnded;
import io.gfsbackup.contracts.messages.RestoreOptions;
import io.gfsbackup.contracts.messages.RestoreRequested;
import io.gfsbackup.contracts.messages.RestoreStarted;
import io.gfsbackup.contracts.messages.RestoreTestResult;
import io.gfsbackup.contracts.messages.RestoreTestRun;
import io.gfsbackup.contracts.messages.ScratchTableDropped;
import io.gfsbackup.contracts.messages.ScratchTableExpired;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.RestoreTest;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.operations.jobs.BackupSizes;
import io.gfsbackup.operations.metrics.PolicyMetrics;
import io.gfsbackup.operations.restore.RestoreStore;
import io.gfsbackup.operations.restore.RestoreTestDraw;
import io.gfsbackup.operations.restore.RestoreTests;
import io.gfsbackup.operations.support.Fixtures;
import io.gfsbackup.operations.support.MotoTables;
import io.gfsbackup.operations.support.Policies;
import io.gfsbackup.operations.support.Rules;
import io.gfsbackup.operations.support.Scrape;
import io.gfsbackup.operations.support.TestKafka;
import io.gfsbackup.operations.support.TestTime;
import io.gfsbackup.operations.support.TopicTap;
import io.gfsbackup.operations.support.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The restore tests of policies, run on the service's clock: one run per slot however many runners, the latest missed
 * slot only, the seeded draw with its size cap and window, a failed run notified, the sweep of kept scratch tables,
 * and the metric of the last success.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class RestoreTestsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    @Inject
    RestoreTests restoreTests;

    @Inject
    RestoreStore restoreStore;

    @Inject
    PolicyMetrics metrics;

    @Inject
    BackupSizes sizes;

    @Inject
    DataSource dataSource;

    @Inject
    DynamoDbClient dynamoDb;

    private TestKafka kafka;
    private TestTime time;
    /** Midnight of a fresh day; the restore tests here run at noon of that day ({@link #slot}). */
    private Instant day;
    private Instant slot;
    private String weekday;

    @BeforeEach
    void connect() {
        kafka = new TestKafka(bootstrapServers);
        time = new TestTime(bootstrapServers, clock);
        day = time.freshDay();
        slot = day.plus(Duration.ofHours(12));
        weekday = day.atZone(ZoneOffset.UTC).getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT)
                .toUpperCase(Locale.ROOT);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
        time.close();
    }

    @Test
    void aSlotRunsOnceEvenWithTwoRunnersAndItsRequestIsExact() throws Exception {
        TableRef a = Fixtures.table(Fixtures.unique("tested-a"));
        TableRef b = Fixtures.table(Fixtures.unique("tested-b"));
        Policies policy = publish(List.of(a.name(), b.name()), """
                {"day": "%s", "time": "12:00", "keepFor": "PT1H", "validation": {"itemCountTolerance": 0.05,
                 "sampleItems": 3}}""");
        point(policy, a, day.minus(Duration.ofHours(17)));
        point(policy, a, day.minus(Duration.ofHours(13)));
        point(policy, b, day.minus(Duration.ofHours(13)));
        restoreTests.runDue();

        try (TopicTap tap = new TopicTap(bootstrapServers, Topics.RESTORE_REQUESTS)) {
            time.set(slot.plusSeconds(60));
            ExecutorService runners = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> both = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    both.add(runners.submit(restoreTests::runDue));
                }
                for (Future<Integer> runner : both) {
                    runner.get();
                }
            } finally {
                runners.shutdown();
            }
            restoreTests.runDue();

            assertThat(runs(policy.id)).extracting(Run::slot).containsExactly(slot);
            long seed = RestoreTestDraw.seed(policy.id, slot);
            RestoreTest test = policy.policy.restoreTest();
            RestoreTestDraw.Choice choice = RestoreTestDraw.draw(test, slot, seed, restoreStore.pointsOf(policy.id),
                    slot.plusSeconds(60)).choices().get(0);
            UUID restoreId = RestoreTestDraw.restoreId(policy.id, slot, choice.tableArn());
            TopicTap.Record record = tap.await(m -> m instanceof RestoreRequested r
                    && r.restoreId().equals(restoreId));
            String scratch = RestoreTestDraw.scratchName(policy.id, slot, choice.point().table().name());
            assertThat(scratch).startsWith("gfs-scratch-" + policy.id.toString().substring(0, 8) + "-"
                    + slot.toString().substring(0, 10).replace("-", "") + "T1200Z-tested-");
            assertThat(record.message()).isEqualTo(RestoreRequested.of(restoreId, choice.point().source(),
                    choice.point().sibling(scratch), RestoreOptions.NONE, "restore-test", slot.plusSeconds(60),
                    new RestoreTestRun(policy.id, 1, slot, seed, test.validation(), Duration.ofHours(1))));
            assertThat(choice.point().slot()).as("the newest point of the table drawn")
                    .isEqualTo(day.minus(Duration.ofHours(13)));
            assertThat(tap.all(m -> m instanceof RestoreRequested r && r.test() != null
                    && r.test().policyId().equals(policy.id))).hasSize(1);
            assertThat(runs(policy.id).get(0).seed()).isEqualTo(seed);
            given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs/" + restoreId).then().statusCode(200)
                    .body("kind", equalTo("RESTORE_TEST")).body("state", equalTo("PENDING"));
            given().header("Authorization", Tokens.viewer()).get("/api/v1/restores/" + restoreId).then()
                    .body("kind", equalTo("RESTORE_TEST")).body("requestedBy", equalTo("restore-test"))
                    .body("test.seed", equalTo(seed)).body("test.slot", equalTo(slot.toString()))
                    .body("test.keepFor", equalTo("PT1H"));
        }
    }

    @Test
    void afterAStopOnlyTheLatestMissedSlotRuns() {
        TableRef table = Fixtures.table(Fixtures.unique("missed"));
        Policies policy = publish(List.of(table.name()), """
                {"day": "%s", "time": "12:00"}""");
        point(policy, table, day.minus(Duration.ofHours(13)));
        restoreTests.runDue();

        time.set(slot.plus(Duration.ofDays(14)).plusSeconds(60));
        restoreTests.runDue();

        assertThat(runs(policy.id)).extracting(Run::slot).containsExactly(slot.plus(Duration.ofDays(14)));
    }

    @Test
    void aTableWhoseBackupIsLargerThanTheCapIsNotDrawnAndAnUnknownSizeIsACandidateSaidSo() {
        MotoTables tables = new MotoTables(dynamoDb);
        TableRef big = tables.create(Fixtures.unique("big"));
        TableRef unknown = Fixtures.table(Fixtures.unique("unknown"));
        Policies policy = publish(List.of(big.name(), unknown.name()), """
                {"day": "%s", "time": "12:00", "tables": 5, "maxTableSizeBytes": 100}""");
        Instant backedUp = day.minus(Duration.ofHours(13));
        String backupArn = dynamoDb.createBackup(b -> b.tableName(big.name()).backupName(big.name() + "-b"))
                .backupDetails().backupArn();
        DueSlot due = policy.due(big, backedUp);
        kafka.publish(BackupCreated.of(due, backupArn, big.name() + "-b", 0, backedUp.plusSeconds(60),
                backedUp.plusSeconds(60)));
        await().atMost(WAIT).untilAsserted(() -> job(due.dueId()).then().body("state", equalTo("COMPLETED")));
        sizes.describeDue();
        job(due.dueId()).then().body("sizeBytes", equalTo(123)); // moto's DescribeBackup always says 123 bytes
        point(policy, unknown, backedUp);
        restoreTests.runDue();

        time.set(slot.plusSeconds(60));
        restoreTests.runDue();

        Run run = runs(policy.id).get(0);
        assertThat(run.state()).isEqualTo("REQUESTED");
        assertThat(run.drawn()).containsExactly(unknown.arn());
        assertThat(run.candidates()).hasSize(1);
        assertThat(run.candidates().get(0).get("tableArn").asText()).isEqualTo(unknown.arn());
        assertThat(run.candidates().get(0).get("sizeBytes").isNull()).as("a size not read yet").isTrue();
    }

    @Test
    void aRandomPointIsDrawnOnlyAmongThoseWithinTheDaysBeforeTheSlot() {
        TableRef table = Fixtures.table(Fixtures.unique("random"));
        Policies policy = publish(List.of(table.name()), """
                {"day": "%s", "time": "12:00", "point": "RANDOM", "withinDays": 2}""");
        Instant recent = day.minus(Duration.ofHours(17));
        for (int days = 3; days <= 10; days++) {
            point(policy, table, recent.minus(Duration.ofDays(days)));
        }
        point(policy, table, recent);
        restoreTests.runDue();

        time.set(slot.plusSeconds(60));
        restoreTests.runDue();

        UUID restoreId = RestoreTestDraw.restoreId(policy.id, slot, table.arn());
        given().header("Authorization", Tokens.viewer()).get("/api/v1/restores/" + restoreId).then().statusCode(200)
                .body("source.slot", equalTo(recent.toString()))
                .body("test.seed", equalTo(RestoreTestDraw.seed(policy.id, slot)));
    }

    @Test
    void aRunWithNothingToRestoreIsRecordedFailedAndNotified() {
        TableRef table = Fixtures.table(Fixtures.unique("empty"));
        Policies policy = publish(List.of(table.name()), """
                {"day": "%s", "time": "12:00"}""");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String rule = Rules.create(Rules.webhook("restore tests " + policy.id, List.of("RESTORE_TEST_FAILED"),
                    List.of(policy.id), receiver.url("tests")));
            try {
                restoreTests.runDue();
                time.set(slot.plusSeconds(60));
                restoreTests.runDue();

                Run run = runs(policy.id).get(0);
                assertThat(run.state()).isEqualTo("FAILED");
                assertThat(run.reason()).isEqualTo("no table of the policy has an alive point at the test's slot");
                await().atMost(WAIT).until(() -> !receiver.received("tests").isEmpty());
                JsonNode notification = receiver.received("tests").get(0).json();
                assertThat(notification.get("event").asText()).isEqualTo("RESTORE_TEST_FAILED");
                assertThat(notification.get("policyId").asText()).isEqualTo(policy.id.toString());
                assertThat(notification.get("text").asText()).contains("nothing to restore")
                        .contains("no table of the policy has an alive point");
                metrics.refresh();
                assertThat(Scrape.now().value("gfs_restore_test_last_run_failed",
                        Map.of("policy_id", policy.id.toString()))).isEqualTo(1);
            } finally {
                Rules.delete(rule);
            }
        }
    }

    @Test
    void aFailedRestoreOfATestIsNotifiedWithItsError() {
        TableRef table = Fixtures.table(Fixtures.unique("invalid"));
        Policies policy = publish(List.of(table.name()), """
                {"day": "%s", "time": "12:00"}""");
        point(policy, table, day.minus(Duration.ofHours(13)));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String rule = Rules.create(Rules.webhook("failed tests " + policy.id, List.of("RESTORE_TEST_FAILED"),
                    List.of(policy.id), receiver.url("failed")));
            try {
                restoreTests.runDue();
                time.set(slot.plusSeconds(60));
                restoreTests.runDue();
                RestoreRequested request = request(policy, table);
                kafka.publish(RestoreStarted.of(request, "worker-1", slot.plusSeconds(61)));
                kafka.publish(RestoreEnded.completed(request, slot.plusSeconds(61), slot.plusSeconds(90), List.of(),
                        new RestoreTestResult(false, 100, 80, 0.1, 3, 3, "scanned 80 items, expected 100 +- 10%",
                                slot.plusSeconds(95)), slot.plusSeconds(95)));

                await().atMost(WAIT).until(() -> !receiver.received("failed").isEmpty());
                JsonNode notification = receiver.received("failed").get(0).json();
                assertThat(notification.get("subject").asText()).startsWith("Restore test failed (1 of 1 restores");
                assertThat(notification.get("tables").get(0).get("detail").asText())
                        .contains("validation failed: scanned 80 items");
                given().header("Authorization", Tokens.viewer()).get("/api/v1/restores/" + request.restoreId())
                        .then().body("state", equalTo("FAILED")).body("validation.scannedItems", equalTo(80));
            } finally {
                Rules.delete(rule);
            }
        }
    }

    @Test
    void aKeptScratchTableIsAskedToBeDroppedWhenItsTimeIsUpOnceThenAgainWhileItStays() {
        TableRef table = Fixtures.table(Fixtures.unique("kept"));
        Policies policy = publish(List.of(table.name()), """
                {"day": "%s", "time": "12:00", "keepFor": "PT2H"}""");
        point(policy, table, day.minus(Duration.ofHours(13)));
        restoreTests.runDue();
        time.set(slot.plusSeconds(60));
        restoreTests.runDue();
        RestoreRequested request = request(policy, table);
        Instant dropAt = slot.plus(Duration.ofHours(2)).plusSeconds(120);
        kafka.publish(RestoreEnded.completed(request, slot.plusSeconds(61), slot.plusSeconds(120), List.of(),
                new RestoreTestResult(true, 10, 10, 0.1, 3, 3, null, dropAt), slot.plusSeconds(125)));
        await().atMost(WAIT).untilAsserted(() -> restore(request.restoreId()).then()
                .body("state", equalTo("COMPLETED")).body("test.dropAt", equalTo(dropAt.toString())));

        try (TopicTap tap = new TopicTap(bootstrapServers, Topics.RESTORE_REQUESTS)) {
            time.set(dropAt.minusSeconds(1));
            restoreTests.sweep();
            time.set(dropAt.plusSeconds(1));
            restoreTests.sweep();
            restoreTests.sweep();
            TopicTap.Record expired = tap.await(m -> m instanceof ScratchTableExpired e
                    && e.restoreId().equals(request.restoreId()));
            assertThat(expired.message()).isEqualTo(ScratchTableExpired.of(request.restoreId(), request.source(),
                    request.target(), dropAt.plusSeconds(1)));
            assertThat(expired.key()).isEqualTo(table.arn());
            assertThat(tap.all(m -> m instanceof ScratchTableExpired e
                    && e.restoreId().equals(request.restoreId()))).as("once, not at every sweep").hasSize(1);

            time.set(dropAt.plus(Duration.ofHours(6)).plusSeconds(2));
            restoreTests.sweep();
            await().atMost(WAIT).until(() -> tap.all(m -> m instanceof ScratchTableExpired e
                    && e.restoreId().equals(request.restoreId())).size() == 2);

            kafka.publish(ScratchTableDropped.of(request.restoreId(), request.source(), request.target(), false,
                    dropAt.plus(Duration.ofHours(6)).plusSeconds(30)));
            await().atMost(WAIT).untilAsserted(() -> restore(request.restoreId()).then()
                    .body("test.droppedAt", notNullValue()));
            time.set(dropAt.plus(Duration.ofHours(13)));
            restoreTests.sweep();
            assertThat(tap.all(m -> m instanceof ScratchTableExpired e
                    && e.restoreId().equals(request.restoreId()))).as("not once it is dropped").hasSize(2);
        }
    }

    @Test
    void theAgeOfTheLastSuccessCountsFromTheTestFirstSeenThenFromTheLastSuccess() {
        TableRef table = Fixtures.table(Fixtures.unique("aged"));
        Policies policy = publish(List.of(table.name()), """
                {"day": "%s", "time": "12:00"}""");
        point(policy, table, day.minus(Duration.ofHours(13)));
        Map<String, String> series = Map.of("policy_id", policy.id.toString(), "policy", policy.name());
        restoreTests.runDue();
        time.set(slot.plusSeconds(60));
        restoreTests.runDue();
        metrics.refresh();
        assertThat(Scrape.now().value("gfs_restore_test_last_success_age_seconds", series))
                .as("since the test was first seen, at midnight").isEqualTo(12 * 3600 + 60);
        assertThat(Scrape.now().value("gfs_restore_test_period_seconds", series)).isEqualTo(7 * 24 * 3600);

        RestoreRequested request = request(policy, table);
        kafka.publish(RestoreEnded.completed(request, slot.plusSeconds(61), slot.plusSeconds(90), List.of(),
                new RestoreTestResult(true, 10, 10, 0.1, 3, 3, null, slot.plusSeconds(100)), slot.plusSeconds(100)));
        await().atMost(WAIT).untilAsserted(() -> restore(request.restoreId()).then()
                .body("state", equalTo("COMPLETED")));
        time.set(slot.plusSeconds(400));
        metrics.refresh();

        assertThat(Scrape.now().value("gfs_restore_test_last_success_age_seconds", series)).isEqualTo(300);
        assertThat(Scrape.now().value("gfs_restore_test_last_run_failed", series)).isEqualTo(0);
    }

    /** Publishes a policy with the restore test {@code restoreTest} (its day filled in) and waits for it. */
    private Policies publish(List<String> tables, String restoreTest) {
        Policies policy = Policies.withRestoreTest(kafka, Fixtures.unique("tested"), tables,
                restoreTest.formatted(weekday)).publish(day);
        await().atMost(WAIT).until(() -> query("SELECT 1 FROM policy WHERE id = ?", policy.id, rows -> rows.next()));
        return policy;
    }

    /** A point of {@code table} at {@code at}, projected. */
    private void point(Policies policy, TableRef table, Instant at) {
        BackupCreated created = policy.succeeded(table, at);
        await().atMost(WAIT).untilAsserted(() -> job(created.due().dueId()).then().body("state",
                equalTo("COMPLETED")));
    }

    /** The request the policy's run at {@link #slot} made for {@code table}, as recorded. */
    private RestoreRequested request(Policies policy, TableRef table) {
        UUID restoreId = RestoreTestDraw.restoreId(policy.id, slot, table.arn());
        var restore = restore(restoreId).then().statusCode(200).extract().jsonPath();
        RestoreTest test = policy.policy.restoreTest();
        return RestoreRequested.of(restoreId, new io.gfsbackup.contracts.messages.RestoreSource(policy.id, table,
                        Instant.parse(restore.getString("source.slot")), restore.getString("source.backupArn")),
                TableRef.fromArn(restore.getString("target.tableArn")), RestoreOptions.NONE, "restore-test",
                Instant.parse(restore.getString("requestedAt")), new RestoreTestRun(policy.id, 1, slot,
                        RestoreTestDraw.seed(policy.id, slot), test.validation(), test.keepFor()));
    }

    private record Run(Instant slot, long seed, String state, String reason, List<String> drawn,
                       List<JsonNode> candidates) {
    }

    private List<Run> runs(UUID policyId) {
        return query("SELECT slot, seed, state, reason, drawn, candidates FROM restore_test_run WHERE policy_id = ?"
                + " ORDER BY slot", policyId, rows -> {
            List<Run> runs = new ArrayList<>();
            while (rows.next()) {
                List<String> drawn = new ArrayList<>();
                Json.mapper().readTree(rows.getString("drawn")).forEach(node -> drawn.add(node.asText()));
                List<JsonNode> candidates = new ArrayList<>();
                Json.mapper().readTree(rows.getString("candidates")).forEach(candidates::add);
                runs.add(new Run(rows.getTimestamp("slot").toInstant(), rows.getLong("seed"),
                        rows.getString("state"), rows.getString("reason"), drawn, candidates));
            }
            return runs;
        });
    }

    private interface Rows<T> {
        T read(ResultSet rows) throws Exception;
    }

    private <T> T query(String sql, Object value, Rows<T> read) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, value instanceof Instant instant ? Timestamp.from(instant) : value);
            try (ResultSet rows = statement.executeQuery()) {
                return read.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static io.restassured.response.Response job(UUID id) {
        return given().header("Authorization", Tokens.viewer()).get("/api/v1/jobs/" + id);
    }

    private static io.restassured.response.Response restore(UUID id) {
        return given().header("Authorization", Tokens.viewer()).get("/api/v1/restores/" + id);
    }
}
