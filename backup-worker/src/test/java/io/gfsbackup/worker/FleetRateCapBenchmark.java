package io.gfsbackup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.worker.support.CpuMeter;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.OtherAccount;
import io.gfsbackup.worker.support.Tables;
import io.gfsbackup.worker.support.ThroughputRun;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;

/**
 * The fleet of {@code FleetSlotBenchmark} on the worker's side: one due per table for the 3,334 tables that
 * benchmark's policy selects, spread evenly over 2 accounts (the own one and 222222222222, each through the role
 * the policy names) × 2 regions, with CreateBackup capped at 10/s per account and region (40/s in all). Measures the
 * backups per second next to the cap-bound rate, in all and per account and region, for two orders of the dues on
 * {@code backup-due}: interleaved (one of each account and region in turn) and by scope (all of one account and
 * region, then the next: the order in which the scheduler sends a slot's dues, see {@code TableSelector.resolve}).
 * Checks that every table got exactly one backup, in its own account and region. Run by hand (see
 * docs/benchmarks-worker.md).
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
@TestProfile(FleetRateCapBenchmark.CappedAt10.class)
class FleetRateCapBenchmark {

    static final int COUNT = Integer.getInteger("bench.count", 3334);
    static final int WARM_UP = Integer.getInteger("bench.warm-up", 40);
    static final List<String> ORDERS = List.of(System.getProperty("bench.orders", "interleaved,by-scope").split(","));
    static final double CAP = 10;
    static final List<String> REGIONS = List.of("eu-north-1", "ap-northeast-1");
    /** The accounts as FleetSlotBenchmark's policy lists them: the own one with a role of its own, and another. */
    static final AwsAccount OWN = new AwsAccount(Dues.ACCOUNT, "arn:aws:iam::" + Dues.ACCOUNT + ":role/gfs-backup",
            null);
    static final AwsAccount OTHER = new AwsAccount(OtherAccount.SECOND.accountId(), OtherAccount.SECOND.roleArn(),
            "fleet-bench");

    public static class CappedAt10 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gfs.worker.limits.create-backups-per-second", "10");
        }
    }

    /** An account and region, with a DynamoDB client of its own made outside the worker. */
    record Scope(AwsAccount account, String region, DynamoDbClient dynamo) {

        String label() {
            return account.accountId() + "/" + region;
        }
    }

    record Due(Scope scope, TableRef table, BackupDue message) {
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.dynamodb.endpoint-override")
    URI moto;

    @Inject
    DynamoDbClient dynamo;

    private final List<Scope> scopes = new ArrayList<>();

    @BeforeEach
    void reachTheScopes() {
        for (AwsAccount account : List.of(OWN, OTHER)) {
            for (String region : REGIONS) {
                // the own account's tables with its own credentials, the other's with the credentials of its role
                scopes.add(new Scope(account, region, OtherAccount.dynamoDb(dynamo,
                        account == OWN ? null : OtherAccount.SECOND, Region.of(region))));
            }
        }
    }

    @AfterEach
    void close() {
        scopes.forEach(scope -> scope.dynamo().close());
    }

    @Test
    void backupsPerSecondOfAFleetWithTheCapAt10PerAccountAndRegion() throws Exception {
        System.out.printf("BENCH fleet cap 10/s per account and region: load average %s at the start%n",
                loadAverage());
        ThroughputRun.throughDues(bootstrap, dues("fleet-warm", WARM_UP, "interleaved").stream().map(Due::message)
                .toList());
        for (String order : ORDERS) {
            List<Due> dues = dues("fleet-" + order, COUNT, order);
            CpuMeter meter = CpuMeter.start(Map.of("moto", moto));
            ThroughputRun.Arrivals arrivals = ThroughputRun.throughDues(bootstrap,
                    dues.stream().map(Due::message).toList());
            CpuMeter.Cost cost = meter.stop(COUNT);
            report(order, dues, arrivals, cost);
            assertOneBackupEachInItsOwnScope(dues, arrivals);
        }
        System.out.printf("BENCH fleet: load average %s at the end%n", loadAverage());
    }

    private void report(String order, List<Due> dues, ThroughputRun.Arrivals arrivals, CpuMeter.Cost cost) {
        Map<Scope, List<String>> byScope = byScope(dues);
        double boundSeconds = byScope.values().stream().mapToDouble(ids -> ids.size() / CAP).max().orElseThrow();
        double bound = dues.size() / boundSeconds;
        ThroughputRun.Result all = arrivals.result();
        System.out.printf("BENCH fleet %s: %d backups in %d accounts x regions; %.2f/s first to last (%.3f of the "
                        + "cap-bound %.1f/s), %.2f/s end to end (%.3f); %.1f s from the first due sent to the last "
                        + "BackupCreated; CPU: %s%n", order, dues.size(), byScope.size(),
                all.perSecondBetweenFirstAndLast(), all.perSecondBetweenFirstAndLast() / bound, bound,
                all.perSecondEndToEnd(), all.perSecondEndToEnd() / bound, dues.size() / all.perSecondEndToEnd(), cost);
        byScope.forEach((scope, ids) -> {
            ThroughputRun.Result one = arrivals.result(ids);
            long first = ids.stream().mapToLong(arrivals.at()::get).min().orElseThrow();
            long last = ids.stream().mapToLong(arrivals.at()::get).max().orElseThrow();
            System.out.printf("BENCH fleet %s   %s: %d backups, %.2f/s first to last (%.3f of %.0f/s), %.2f/s end to "
                            + "end; first at %.1f s, last at %.1f s%n", order, scope.label(), ids.size(),
                    one.perSecondBetweenFirstAndLast(), one.perSecondBetweenFirstAndLast() / CAP, CAP,
                    one.perSecondEndToEnd(), (first - arrivals.start()) / 1e9, (last - arrivals.start()) / 1e9);
        });
    }

    private static Map<Scope, List<String>> byScope(List<Due> dues) {
        Map<Scope, List<String>> byScope = new LinkedHashMap<>();
        for (Due due : dues) {
            byScope.computeIfAbsent(due.scope(), s -> new ArrayList<>()).add(due.message().id().toString());
        }
        return byScope;
    }

    /**
     * {@code count} tables, table i in scope i mod 4, and a due for each, in {@code order}: "interleaved" (table
     * order: one of each scope in turn) or "by-scope" (all of the first scope, then the next).
     */
    private List<Due> dues(String prefix, int count, String order) throws Exception {
        UUID policyId = UUID.randomUUID();
        Instant slot = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Due> dues = new ArrayList<>();
        try {
            List<Future<TableRef>> tables = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Scope scope = scopes.get(i % scopes.size());
                tables.add(pool.submit(() -> Tables.create(scope.dynamo(), Tables.uniqueName(prefix))));
            }
            for (int i = 0; i < count; i++) {
                Scope scope = scopes.get(i % scopes.size());
                TableRef table = tables.get(i).get();
                assertThat(table.accountId() + "/" + table.region()).isEqualTo(scope.label());
                dues.add(new Due(scope, table, Dues.due(policyId, table, slot, Duration.ofHours(1), scope.account())));
            }
        } finally {
            pool.shutdown();
        }
        switch (order) {
            case "interleaved" -> { }
            case "by-scope" -> dues.sort(Comparator.comparingInt(due -> scopes.indexOf(due.scope())));
            default -> throw new IllegalArgumentException("bench.orders: unknown order '" + order
                    + "'; valid: interleaved, by-scope");
        }
        return dues;
    }

    /**
     * Every table has exactly one backup in its own account and region, and none in the other three; each
     * BackupCreated names its table's account and a backup of that table.
     */
    private void assertOneBackupEachInItsOwnScope(List<Due> dues, ThroughputRun.Arrivals arrivals) {
        for (Scope scope : scopes) {
            Map<String, Long> backups = new HashMap<>();
            String start = null;
            do {
                String from = start;
                ListBackupsResponse page = scope.dynamo().listBackups(b -> b.backupType(BackupTypeFilter.USER)
                        .exclusiveStartBackupArn(from));
                page.backupSummaries().forEach(backup -> backups.merge(backup.tableName(), 1L, Long::sum));
                start = page.lastEvaluatedBackupArn();
            } while (start != null);
            for (Due due : dues) {
                assertThat(backups.get(due.table().name())).as("backups of %s in %s", due.table().arn(),
                        scope.label()).isEqualTo(due.scope() == scope ? 1L : null);
            }
        }
        for (Due due : dues) {
            BackupCreated created = arrivals.created().get(due.message().id().toString());
            assertThat(created.due().account()).isEqualTo(due.scope().account());
            assertThat(created.backupArn()).startsWith(due.table().arn() + "/backup/");
        }
    }

    private static String loadAverage() {
        try {
            return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (Exception e) {
            return "unknown";
        }
    }
}
