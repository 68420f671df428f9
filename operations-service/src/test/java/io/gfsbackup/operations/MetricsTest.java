package io.gfsbackup.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import io.gfsbackup.contracts.messages.FlagUnassigned;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.RetentionGap;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.PointExpired.Reason;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.operations.metrics.PolicyMetrics;
import io.gfsbackup.operations.support.Fixtures;
import io.gfsbackup.operations.support.MotoTables;
import io.gfsbackup.operations.support.Policies;
import io.gfsbackup.operations.support.Scrape;
import io.gfsbackup.operations.support.TestKafka;
import io.gfsbackup.operations.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The gauges per policy and per account and region at /q/metrics, computed by a refresh from the projection and the
 * held inventory. Tests call the refresh themselves (its interval is off in tests).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class MetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DynamoDbClient dynamoDb;

    @Inject
    Clock clock;

    @Inject
    PolicyMetrics metrics;

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
    void aPolicysGaugesCountItsJobsPointsTablesAtRiskOrFailingOpenGapsAndPausedDeletions() {
        TableRef healthy = tables.create(Fixtures.unique("healthy"));
        TableRef failing = tables.create(Fixtures.unique("failing"));
        tables.create(Fixtures.unique("unselected")); // at least one table of the region is UNPROTECTED
        Policies policy = Policies.of(kafka, Fixtures.unique("metrics"), true, List.of(Fixtures.REGION),
                List.of(healthy.name(), failing.name()), Map.of()).publish(now);
        Instant yesterday = now.minus(Duration.ofHours(13));
        Instant dayBefore = yesterday.minus(Duration.ofDays(1));
        BackupCreated old = policy.succeeded(healthy, dayBefore);
        BackupCreated last = policy.succeeded(healthy, yesterday);
        policy.succeeded(failing, dayBefore);
        policy.failed(failing, yesterday, "AccessDeniedException");
        // retention-events and backup-events are read side by side: a flag is taken off a point once it is there
        await().atMost(WAIT).untilAsserted(() -> assertThat(given().header("Authorization", Tokens.viewer())
                .get("/api/v1/protection").then().statusCode(200).extract().jsonPath()
                .getInt("tables.find { it.tableArn == '" + healthy.arn() + "' }.alivePoints.D")).isEqualTo(2));
        kafka.publish(FlagUnassigned.of(policy.id, healthy, new io.gfsbackup.contracts.retention.FlagUnassigned(
                dayBefore, Tier.D, now, io.gfsbackup.contracts.retention.FlagUnassigned.Reason.RETENTION_ELAPSED),
                now));
        kafka.publish(PointExpired.of(policy.id, healthy, old.backupArn(), old.backupName(),
                new io.gfsbackup.contracts.retention.PointExpired(dayBefore, now, Reason.NO_FLAGS_LEFT), now));
        kafka.publish(RetentionGap.of(policy.id, healthy, new io.gfsbackup.contracts.retention.RetentionGap(Tier.W,
                now.minus(Duration.ofDays(7)), now), now));
        kafka.publish(DeletionsPaused.of(policy.id, "EXPIRY_BUDGET", "too many expiries in one pass",
                now, now));
        Map<String, String> of = Map.of("policy_id", policy.id.toString(), "policy", policy.name());

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(metrics.refresh()).isTrue();
            Scrape scrape = Scrape.now();
            assertThat(scrape.value("gfs_deletions_paused", of)).isEqualTo(1);
            assertThat(scrape.value("gfs_points_alive", with(of, "tier", "unflagged"))).isEqualTo(1);
            assertThat(scrape.value("gfs_jobs", with(of, "kind", "DELETION", "state", "PENDING"))).isEqualTo(1);
            assertThat(scrape.value("gfs_policy_tables", of)).isEqualTo(2);
            assertThat(scrape.value("gfs_tables_unprotected", Map.of("account", Fixtures.ACCOUNT,
                    "region", Fixtures.REGION))).isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("gfs_tables_failing", of)).isEqualTo(1);
        });
        Scrape scrape = Scrape.now();
        assertThat(scrape.value("gfs_policy_last_success_timestamp_seconds", of))
                .isEqualTo(last.occurredAt().getEpochSecond());
        assertThat(scrape.value("gfs_policy_allowed_gap_seconds", of)).isEqualTo(21 * 3600);
        assertThat(scrape.value("gfs_jobs", with(of, "kind", "BACKUP", "state", "COMPLETED"))).isEqualTo(3);
        assertThat(scrape.value("gfs_jobs", with(of, "kind", "BACKUP", "state", "FAILED"))).isEqualTo(1);
        assertThat(scrape.value("gfs_jobs", with(of, "kind", "BACKUP", "state", "MISSED"))).isZero();
        assertThat(scrape.value("gfs_jobs", with(of, "kind", "DELETION", "state", "REFUSED"))).isZero();
        assertThat(scrape.value("gfs_points_alive", with(of, "tier", "D"))).isEqualTo(2);
        assertThat(scrape.value("gfs_points_alive", with(of, "tier", "W"))).isZero();
        assertThat(scrape.value("gfs_tables_at_risk", of)).as("the pause puts both at risk").isEqualTo(2);
        assertThat(scrape.value("gfs_retention_gaps_open", of)).isEqualTo(1);
        assertThat(scrape.value("gfs_inventory_readable", Map.of("account", Fixtures.ACCOUNT,
                "region", Fixtures.REGION))).isEqualTo(1);
        assertThat(scrape.find("gfs_metrics_refreshed_timestamp_seconds", Map.of())).hasSize(1);
    }

    @Test
    void theSeriesOfAPolicyAppearWithItAndGoWhenItIsDeleted() {
        Policies policy = Policies.of(kafka, Fixtures.unique("short-lived"), true, List.of(Fixtures.REGION),
                List.of(Fixtures.unique("nothing")), Map.of()).publish(now);
        Map<String, String> of = Map.of("policy_id", policy.id.toString());
        await().atMost(WAIT).untilAsserted(() -> {
            metrics.refresh();
            assertThat(Scrape.now().find("gfs_policy_tables", of)).hasSize(1);
        });
        Scrape before = Scrape.now();
        assertThat(before.find("gfs_jobs", of))
                .as("5 states of a backup, 4 of a deletion, 4 of each kind of restore, 3 of an archive copy")
                .hasSize(20);
        assertThat(before.find("gfs_points_alive", of)).as("D, W, M, Y and unflagged").hasSize(5);
        assertThat(before.value("gfs_policy_last_success_timestamp_seconds", of)).as("no success yet").isNaN();

        kafka.deletePolicy(policy.id);

        await().atMost(WAIT).untilAsserted(() -> {
            metrics.refresh();
            Scrape after = Scrape.now();
            for (String name : before.names()) {
                assertThat(after.find(name, of)).as("the series of %s", name).isEmpty();
            }
        });
    }

    private static Map<String, String> with(Map<String, String> labels, String... more) {
        Map<String, String> all = new java.util.HashMap<>(labels);
        for (int i = 0; i < more.length; i += 2) {
            all.put(more[i], more[i + 1]);
        }
        return all;
    }
}
