package io.gfsbackup.operations.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.gfsbackup.contracts.policy.RestoreTest;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.operations.config.MetricsConfig;
import io.gfsbackup.operations.jobs.JobKind;
import io.gfsbackup.operations.jobs.JobState;
import io.gfsbackup.operations.metrics.Gauges.Series;
import io.gfsbackup.operations.protection.Evaluation;
import io.gfsbackup.operations.protection.Evaluation.AccountRegion;
import io.gfsbackup.operations.protection.Evaluation.PolicyStats;
import io.gfsbackup.operations.protection.Facts.Points;
import io.gfsbackup.operations.protection.ProtectionReport.ScopeView;
import io.gfsbackup.operations.protection.ProtectionService;
import io.gfsbackup.operations.protection.ProtectionStore;
import io.gfsbackup.operations.protection.ScopeRead;
import io.gfsbackup.operations.restore.RestoreTestStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;

/**
 * The metrics per policy and per account and region (docs/operations.md, "Metrics and alerts"), exported at
 * {@code /q/metrics}. They are computed every {@code gfs.operations.metrics.refresh-interval} from the database and the
 * inventory this service holds (never a call to AWS), not per scrape; a scrape reads the values of the last refresh.
 * A policy's series appear with it and are removed when it is deleted (or renamed: its {@code policy} label). The
 * restore test series of a policy exist while it is enabled, has a restore test and the test runner has seen it: they
 * never hold NaN (before a first success the age counts from when the test was first seen).
 */
@ApplicationScoped
public class PolicyMetrics {

    private static final Logger LOG = Logger.getLogger(PolicyMetrics.class);

    static final String LAST_SUCCESS = "gfs.policy.last.success.timestamp.seconds";
    static final String ALLOWED_GAP = "gfs.policy.allowed.gap.seconds";
    static final String TABLES = "gfs.policy.tables";
    static final String JOBS = "gfs.jobs";
    static final String POINTS = "gfs.points.alive";
    static final String AT_RISK = "gfs.tables.at.risk";
    static final String FAILING = "gfs.tables.failing";
    static final String UNPROTECTED = "gfs.tables.unprotected";
    static final String GAPS = "gfs.retention.gaps.open";
    static final String PAUSED = "gfs.deletions.paused";
    static final String READABLE = "gfs.inventory.readable";
    static final String REFRESHED = "gfs.metrics.refreshed.timestamp.seconds";
    static final String TEST_AGE = "gfs.restore.test.last.success.age.seconds";
    static final String TEST_PERIOD = "gfs.restore.test.period.seconds";
    static final String TEST_FAILED = "gfs.restore.test.last.run.failed";
    /** The longest time between two slots of a monthly restore test (the same weekday of the month: 5 weeks). */
    static final Duration MONTHLY_PERIOD = Duration.ofDays(35);
    static final String UNFLAGGED = "unflagged";

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(LAST_SUCCESS, "When the policy's newest backup completed (any table), in Unix seconds; NaN"
                    + " before its first"),
            Map.entry(ALLOWED_GAP, "The policy's longest gap between two slots plus its start window, in seconds"),
            Map.entry(TABLES, "How many tables the policy selects now (0 while it is disabled)"),
            Map.entry(JOBS, "How many of the policy's jobs kept (not yet pruned) are in each kind and state"),
            Map.entry(POINTS, "The policy's restore points not deleted, per flag still carried (unflagged: none"
                    + " left, deletion pending)"),
            Map.entry(AT_RISK, "How many tables the policy selects are AT_RISK for a reason of this policy"),
            Map.entry(FAILING, "How many tables the policy selects have failed or missed backups since their last"
                    + " success"),
            Map.entry(UNPROTECTED, "How many tables of the account and region no enabled policy selects (and no"
                    + " ignore glob matches)"),
            Map.entry(GAPS, "How many retention gaps of the policy are open (a point of the period would still be"
                    + " kept)"),
            Map.entry(PAUSED, "1 while the retention service has paused the deletions of the policy, else 0"),
            Map.entry(READABLE, "1 when the last read of the account's and region's inventory succeeded, else 0"),
            Map.entry(REFRESHED, "When these metrics were last computed, in Unix seconds (wall time)"),
            Map.entry(TEST_AGE, "Seconds since the policy's restore test last succeeded (a restore COMPLETED and"
                    + " validated), by the service's clock; before its first success, since the test was first seen."
                    + " Only for enabled policies with a restore test"),
            Map.entry(TEST_PERIOD, "The longest time between two slots of the policy's restore test, in seconds"
                    + " (a week, or 5 weeks for a monthly test)"),
            Map.entry(TEST_FAILED, "1 when the latest run of the policy's restore test failed (nothing to restore,"
                    + " a restore or its validation failed), else 0"));

    private final ProtectionService protection;
    private final ProtectionStore store;
    private final MetricsConfig config;
    private final RestoreTestStore restoreTests;
    private final Clock clock;
    private final Gauges gauges;
    private ScheduledExecutorService refresher;

    PolicyMetrics(ProtectionService protection, ProtectionStore store, RestoreTestStore restoreTests, Clock clock,
                  MetricsConfig config, MeterRegistry registry) {
        this.protection = protection;
        this.store = store;
        this.restoreTests = restoreTests;
        this.clock = clock;
        this.config = config;
        this.gauges = new Gauges(registry, DESCRIPTIONS);
    }

    void start(@Observes StartupEvent event) {
        long interval = config.refreshInterval().toMillis();
        if (interval > 0) {
            refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "operations-metrics");
                thread.setDaemon(true);
                return thread;
            });
            refresher.scheduleWithFixedDelay(this::refreshQuietly, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Computes every gauge again; returns false (and changes nothing) while the clock does not know the time yet (a
     * test or demo clock before its first tick).
     */
    public synchronized boolean refresh() {
        if (!protection.clockIsSet()) {
            return false;
        }
        Evaluation evaluation = protection.evaluate(false);
        Map<UUID, Map<String, Long>> jobs = store.jobCounts();
        Map<UUID, RestoreTestStore.Status> tests = restoreTests.statuses();
        Instant now = clock.instant();
        Map<Series, Double> values = Gauges.newValues();
        for (PolicyStats stats : evaluation.policies().values()) {
            Tags tags = Tags.of("policy_id", stats.policy().id().toString(), "policy", stats.policy().name());
            values.put(new Series(LAST_SUCCESS, tags), stats.lastSuccess() == null ? Double.NaN
                    : seconds(stats.lastSuccess()));
            values.put(new Series(ALLOWED_GAP, tags), (double) stats.allowedGap().toSeconds());
            values.put(new Series(TABLES, tags), (double) stats.tablesSelected());
            values.put(new Series(AT_RISK, tags), (double) stats.tablesAtRisk());
            values.put(new Series(FAILING, tags), (double) stats.tablesFailing());
            values.put(new Series(GAPS, tags), (double) stats.openGaps());
            values.put(new Series(PAUSED, tags), stats.deletionsPaused() ? 1.0 : 0.0);
            Points points = stats.alivePoints();
            for (Tier tier : Tier.values()) {
                values.put(new Series(POINTS, tags.and("tier", tier.name())), (double) points.of(tier));
            }
            values.put(new Series(POINTS, tags.and("tier", UNFLAGGED)), (double) points.unflagged());
            RestoreTest test = stats.policy().policy().restoreTest();
            RestoreTestStore.Status status = tests.get(stats.policy().id());
            if (stats.policy().enabled() && test != null && status != null) {
                Instant since = status.lastSuccess() != null ? status.lastSuccess() : status.since();
                values.put(new Series(TEST_AGE, tags), (double) Math.max(0, Duration.between(since, now).toSeconds()));
                values.put(new Series(TEST_PERIOD, tags), (double) (test.monthly() ? MONTHLY_PERIOD
                        : Duration.ofDays(7)).toSeconds());
                values.put(new Series(TEST_FAILED, tags), status.lastRunFailed() ? 1.0 : 0.0);
            }
            Map<String, Long> counts = jobs.getOrDefault(stats.policy().id(), Map.of());
            for (JobKind kind : JobKind.values()) {
                for (JobState state : JobState.of(kind)) {
                    values.put(new Series(JOBS, tags.and("kind", kind.name(), "state", state.name())),
                            (double) counts.getOrDefault(kind.name() + "/" + state.name(), 0L));
                }
            }
        }
        evaluation.unprotected().forEach((where, count) -> {
            if (where.accountId() != null) {
                values.put(new Series(UNPROTECTED, where(where)), (double) count);
            }
        });
        Map<AccountRegion, Boolean> readable = new LinkedHashMap<>();
        for (ScopeView scope : evaluation.scopes()) {
            if (scope.accountId() != null) {
                readable.merge(new AccountRegion(scope.accountId(), scope.region()),
                        scope.state() == ScopeRead.State.READ, Boolean::logicalAnd);
            }
        }
        readable.forEach((where, ok) -> values.put(new Series(READABLE, where(where)), ok ? 1.0 : 0.0));
        values.put(new Series(REFRESHED, Tags.empty()), seconds(Instant.now()));
        gauges.update(values);
        return true;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("the metrics per policy could not be computed (%s); they keep their values until the next"
                    + " refresh", e.getMessage());
        }
    }

    private static Tags where(AccountRegion where) {
        return Tags.of("account", where.accountId(), "region", where.region());
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    @PreDestroy
    void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}
