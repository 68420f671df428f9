package io.gfsbackup.scheduler.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsOperation;
import io.gfsbackup.aws.TableInventory;
import io.gfsbackup.clock.TopicClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * What the scheduler counts, at {@code /q/metrics}:
 * <ul>
 * <li>{@code gfs_scheduler_slots_emitted_total}: slots whose {@code BackupDue} events were sent and acknowledged;</li>
 * <li>{@code gfs_scheduler_due_emitted_total}: {@code BackupDue} events;</li>
 * <li>{@code gfs_scheduler_tables_per_slot}: selected tables per emitted slot (count, sum, max);</li>
 * <li>{@code gfs_scheduler_slots_late_total} and {@code gfs_scheduler_late_due_emitted_total}: slots reached after
 * their start window ended, and their {@code BackupDue} events (the worker records them missed);</li>
 * <li>{@code gfs_scheduler_lag_seconds}: how far behind the clock the scheduler is: the clock minus the oldest slot
 * still pending after the last pass, or minus the instant the last pass covered;</li>
 * <li>{@code gfs_scheduler_table_resolution_seconds}: how long resolving a policy's tables in DynamoDB takes;</li>
 * <li>{@code gfs_scheduler_slot_duration_seconds}: how long handling one slot takes, lock to commit;</li>
 * <li>{@code gfs_scheduler_policies_owned}, {@code gfs_scheduler_emit_failures_total},
 * {@code gfs_scheduler_policies_dead_lettered_total};</li>
 * <li>{@code gfs_aws_calls_total{operation=...}}: AWS calls made (every try), by API name ({@code ListTables},
 * {@code GetResources}, {@code AssumeRole}, ...);</li>
 * <li>{@code gfs_scheduler_inventory_tables}, {@code gfs_scheduler_inventory_scopes},
 * {@code gfs_scheduler_inventory_age_seconds} (the oldest scope's), {@code gfs_scheduler_inventory_refreshes_total}
 * and {@code gfs_scheduler_inventory_refresh_failures_total} (background refreshes of one scope).</li>
 * </ul>
 */
public final class SchedulerMetrics {

    private final Counter slotsEmitted;
    private final Counter dueEmitted;
    private final DistributionSummary tablesPerSlot;
    private final Counter slotsLate;
    private final Counter lateEmitted;
    private final Counter failures;
    private final Counter deadLettered;
    private final Timer tableResolution;
    private final Timer slotDuration;
    private final Counter inventoryRefreshes;
    private final Counter inventoryRefreshFailures;
    private final AtomicReference<Instant> coveredUntil = new AtomicReference<>();

    public SchedulerMetrics(MeterRegistry registry, Clock clock, String instance, PolicyBook book, ApiLimits limits,
                            TableInventory inventory) {
        Tags tags = Tags.of("instance", instance);
        slotsEmitted = registry.counter("gfs.scheduler.slots.emitted", tags);
        dueEmitted = registry.counter("gfs.scheduler.due.emitted", tags);
        tablesPerSlot = DistributionSummary.builder("gfs.scheduler.tables.per.slot").tags(tags)
                .baseUnit("tables").register(registry);
        slotsLate = registry.counter("gfs.scheduler.slots.late", tags);
        lateEmitted = registry.counter("gfs.scheduler.late.due.emitted", tags);
        failures = registry.counter("gfs.scheduler.emit.failures", tags);
        deadLettered = registry.counter("gfs.scheduler.policies.dead.lettered", tags);
        tableResolution = Timer.builder("gfs.scheduler.table.resolution").tags(tags).register(registry);
        slotDuration = Timer.builder("gfs.scheduler.slot.duration").tags(tags).register(registry);
        Gauge.builder("gfs.scheduler.lag.seconds", () -> lagSeconds(clock)).tags(tags).baseUnit("seconds")
                .register(registry);
        Gauge.builder("gfs.scheduler.policies.owned", book::size).tags(tags).register(registry);
        for (AwsOperation operation : AwsOperation.values()) {
            FunctionCounter.builder("gfs.aws.calls", limits, l -> l.calls(operation))
                    .tags(tags.and("operation", operation.apiName())).register(registry);
        }
        Gauge.builder("gfs.scheduler.inventory.tables", inventory, TableInventory::size).tags(tags)
                .register(registry);
        Gauge.builder("gfs.scheduler.inventory.scopes", inventory, i -> i.scopes().size()).tags(tags)
                .register(registry);
        Gauge.builder("gfs.scheduler.inventory.age.seconds", inventory, i -> i.oldest().toMillis() / 1000.0)
                .tags(tags).baseUnit("seconds").register(registry);
        inventoryRefreshes = registry.counter("gfs.scheduler.inventory.refreshes", tags);
        inventoryRefreshFailures = registry.counter("gfs.scheduler.inventory.refresh.failures", tags);
    }

    /** A background refresh of one scope's inventory, and whether it failed. */
    public void inventoryRefreshed(boolean failed) {
        inventoryRefreshes.increment();
        if (failed) {
            inventoryRefreshFailures.increment();
        }
    }

    void slotEmitted(int tables) {
        slotsEmitted.increment();
        dueEmitted.increment(tables);
        tablesPerSlot.record(tables);
    }

    void slotLate(int tables) {
        slotsLate.increment();
        lateEmitted.increment(tables);
    }

    /** From taking a slot's cursor lock to committing it, for every slot handled (in its window, late, skipped). */
    Timer slotDuration() {
        return slotDuration;
    }

    Timer tableResolution() {
        return tableResolution;
    }

    public void failure() {
        failures.increment();
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    /** After a pass: everything before {@code until} is handled. */
    public void covered(Instant until) {
        coveredUntil.set(until);
    }

    private double lagSeconds(Clock clock) {
        Instant until = coveredUntil.get();
        if (until == null || (clock instanceof TopicClock topic && !topic.isSet())) {
            return 0;
        }
        Duration lag = Duration.between(until, clock.instant());
        return lag.isNegative() ? 0 : lag.toMillis() / 1000.0;
    }
}
