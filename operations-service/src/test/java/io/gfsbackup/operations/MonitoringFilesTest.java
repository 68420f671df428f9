package io.gfsbackup.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.assertj.core.api.SoftAssertions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.DeletionsPaused;
import io.gfsbackup.contracts.messages.RetentionGap;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.operations.metrics.PolicyMetrics;
import io.gfsbackup.operations.restore.RestoreTests;
import io.gfsbackup.operations.support.Fixtures;
import io.gfsbackup.operations.support.MonitoringFiles;
import io.gfsbackup.operations.support.MotoTables;
import io.gfsbackup.operations.support.Policies;
import io.gfsbackup.operations.support.Scrape;
import io.gfsbackup.operations.support.TestKafka;
import io.gfsbackup.operations.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The alerting rules and the Grafana dashboard of {@code deploy/monitoring} use only metrics this service exports:
 * with a policy, its backups, a gap and a pause published, every metric name in a rule's expression or a dashboard
 * query is in a scrape of /q/metrics (save {@code up}, which Prometheus makes).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class MonitoringFilesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DynamoDbClient dynamoDb;

    @Inject
    Clock clock;

    @Inject
    PolicyMetrics metrics;

    @Inject
    RestoreTests restoreTests;

    @Test
    void everyMetricTheRulesAndTheDashboardUseIsExported() {
        Set<String> exported = exportedWithEverySeries();
        Map<String, String> rules = MonitoringFiles.ruleExpressions(MonitoringFiles.text("prometheus-rules.yaml"));
        Map<String, String> dashboard = MonitoringFiles.dashboardQueries(
                MonitoringFiles.text("grafana-dashboard.json"));

        assertThat(rules.keySet()).contains("BackupsFailing", "NoRecentSuccessfulBackup", "TablesAtRisk",
                "UnprotectedTables", "RetentionGapOpen", "DeletionsPaused", "OperationsServiceDown", "RestoreTestOverdue",
                "RestoreTestFailed");
        assertThat(dashboard).hasSizeGreaterThanOrEqualTo(17);
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(MonitoringFiles.missing(rules, exported)).as("names the rules use, not exported")
                    .isEmpty();
            softly.assertThat(MonitoringFiles.missing(dashboard, exported)).as("names the dashboard uses, not"
                    + " exported").isEmpty();
        });
        assertThat(rules.values().stream().flatMap(rule -> MonitoringFiles.metricNames(rule).stream()))
                .as("the rules do use the service's metrics").contains("gfs_tables_failing",
                        "gfs_policy_last_success_timestamp_seconds", "gfs_tables_unprotected", "up",
                        "gfs_restore_test_last_success_age_seconds", "gfs_restore_test_period_seconds",
                        "gfs_restore_test_last_run_failed");
    }

    @Test
    void aRuleOrAQueryNamingAMetricThatIsNotExportedIsFound() {
        Map<String, String> rules = MonitoringFiles.ruleExpressions("""
                groups:
                  - name: g
                    rules:
                      - alert: Typo
                        expr: sum by (policy) (rate(gfs_backups_failed_total{policy=~"a|b"}[5m])) > 0
                          and on (policy_id) gfs_policy_tables > 0 or absent(up{job="x"})
                """);
        Map<String, String> missing = MonitoringFiles.missing(rules, Set.of("gfs_policy_tables"));

        assertThat(missing).containsOnlyKeys("gfs_backups_failed_total");
        assertThat(MonitoringFiles.metricNames("histogram_quantile(0.9, sum by (le) (rate("
                + "http_server_requests_seconds_bucket{uri=\"/x\"}[$__rate_interval]))) offset 1h * 1e3"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(MonitoringFiles.metricNames("label_values(gfs_policy_tables, policy)"))
                .containsExactly("gfs_policy_tables");
        assertThat(MonitoringFiles.metricNames("(time() - gfs_a) > gfs_b and on (policy_id) gfs_c > bool 0"))
                .containsExactly("gfs_a", "gfs_b", "gfs_c");
    }

    /** Publishes what makes every series of this service exist, refreshes the metrics, and scrapes. */
    private Set<String> exportedWithEverySeries() {
        try (TestKafka kafka = new TestKafka(bootstrapServers); TestTime time = new TestTime(bootstrapServers, clock)) {
            Instant now = time.freshDay();
            TableRef table = new MotoTables(dynamoDb).create(Fixtures.unique("monitored"));
            Policies policy = Policies.of(kafka, Fixtures.unique("monitored"), true, List.of(Fixtures.REGION),
                    List.of(table.name()), Map.of()).publish(now);
            policy.succeeded(table, now.minus(Duration.ofHours(17)));
            policy.failed(table, now.minus(Duration.ofHours(13)), "AccessDeniedException");
            kafka.publish(RetentionGap.of(policy.id, table, new io.gfsbackup.contracts.retention.RetentionGap(Tier.W,
                    now.minus(Duration.ofDays(7)), now), now));
            kafka.publish(DeletionsPaused.of(policy.id, "CLOCK_LEAD", "the clock ran ahead", now, now));
            Policies tested = Policies.withRestoreTest(kafka, Fixtures.unique("monitored-test"),
                    List.of(table.name()), "{\"day\": \"MON\", \"time\": \"12:00\"}").publish(now);
            Map<String, String> of = Map.of("policy_id", policy.id.toString());
            await().atMost(WAIT).untilAsserted(() -> {
                restoreTests.runDue();
                metrics.refresh();
                Scrape scrape = Scrape.now();
                assertThat(scrape.value("gfs_policy_tables", of)).isEqualTo(1);
                assertThat(scrape.value("gfs_restore_test_last_run_failed", Map.of("policy_id",
                        tested.id.toString()))).isZero();
                assertThat(scrape.value("gfs_deletions_paused", of)).isEqualTo(1);
                assertThat(scrape.value("gfs_tables_failing", of)).isEqualTo(1);
                assertThat(scrape.value("gfs_inventory_readable", Map.of("account", Fixtures.ACCOUNT,
                        "region", Fixtures.REGION))).as("the inventory was read").isEqualTo(1);
            });
            return Scrape.now().names();
        }
    }
}
