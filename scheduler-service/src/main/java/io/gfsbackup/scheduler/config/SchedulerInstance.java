package io.gfsbackup.scheduler.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.LinkedHashSet;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.jboss.logging.Logger;

import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.AwsErrors;
import io.gfsbackup.aws.TableInventory;
import io.gfsbackup.aws.TableInventory.Scope;
import io.gfsbackup.clock.TopicClock;
import io.gfsbackup.messaging.ConsumerFactory;
import io.gfsbackup.messaging.KafkaClientSettings;
import io.gfsbackup.messaging.KafkaSender;
import io.gfsbackup.messaging.PollWatch;
import io.gfsbackup.scheduler.messaging.EventPublisher;
import io.gfsbackup.scheduler.messaging.PolicyConsumer;
import io.gfsbackup.scheduler.persistence.CursorStore;
import io.gfsbackup.scheduler.service.PolicyBook;
import io.gfsbackup.scheduler.service.SchedulerMetrics;
import io.gfsbackup.scheduler.service.SlotEmitter;
import io.gfsbackup.scheduler.service.TableResolver;
import io.gfsbackup.scheduler.service.PolicyBook.OwnedPolicy;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One scheduler instance, as plain objects: the policies it owns ({@link PolicyConsumer} into a
 * {@link PolicyBook}), the cursors ({@link CursorStore}), and the emit loop ({@link SlotEmitter}). The loop runs
 * on one thread, at every step of a {@link TopicClock}, on a periodic tick (the system clock), and when a newly
 * assigned partition has been read. Each pass handles every owned policy's slots up to the clock's instant. A
 * second thread refreshes the {@link TableInventory} of the owned policies' accounts and regions on an interval.
 *
 * <p>The Quarkus application runs one ({@code SchedulerLifecycle}); tests run several against the same servers to
 * show that instances split the work and take over from each other.
 */
public final class SchedulerInstance implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SchedulerInstance.class);

    /** Everything an instance is configured with. */
    public record Settings(String name, KafkaClientSettings kafka, String policiesTopic, String groupId,
                           Duration sessionTimeout, Duration heartbeatInterval, Duration tick, Duration ackTimeout,
                           Duration resolveAhead, Optional<String> accountId, Duration inventoryRefreshInterval,
                           Duration inventoryMaxAge) {
    }

    private final Settings settings;
    private final Clock clock;
    private final PolicyBook book = new PolicyBook();
    private final CursorStore cursors;
    private final KafkaSender sender;
    private final PolicyConsumer consumer;
    private final SlotEmitter emitter;
    private final SchedulerMetrics metrics;
    private final ScheduledExecutorService loop;
    private final ScheduledExecutorService refresher;
    private final TableInventory inventory;
    /** Reads the accounts and regions of a slot side by side; each is paced on its own. */
    private final ExecutorService readers;
    static final int INVENTORY_READERS = 8;
    private final AtomicBoolean passRequested = new AtomicBoolean();
    private volatile Instant lastPass;
    private volatile boolean closed;

    /**
     * An instance reaching AWS through {@code aws} (which stays the caller's to close); {@code clock} is the business
     * clock of the slots, while the inventory's ages are real time.
     */
    public SchedulerInstance(Settings settings, DataSource dataSource, AwsClients aws, Clock clock,
                             MeterRegistry registry) {
        this(settings, new CursorStore(dataSource), aws, clock, registry);
    }

    /** With a cursor store of the caller's (tests use it to fail at a chosen moment). */
    public SchedulerInstance(Settings settings, CursorStore cursors, AwsClients aws, Clock clock,
                             MeterRegistry registry) {
        this(settings, cursors, aws, clock, registry, ConsumerFactory.standard());
    }

    /** With the maker of the policies consumer too (tests use it to make commits fail). */
    public SchedulerInstance(Settings settings, CursorStore cursors, AwsClients aws, Clock clock,
                             MeterRegistry registry, ConsumerFactory consumers) {
        this.settings = settings;
        this.clock = clock;
        this.cursors = cursors;
        this.inventory = new TableInventory(aws, settings.accountId(), Clock.systemUTC());
        this.metrics = new SchedulerMetrics(registry, clock, settings.name(), book, aws.limits(), inventory);
        // large slots: linger a little and fill big batches
        this.sender = new KafkaSender(settings.kafka(), "scheduler-" + settings.name(),
                settings.ackTimeout(), Map.of(ProducerConfig.LINGER_MS_CONFIG, 5,
                        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024));
        this.readers = Executors.newFixedThreadPool(INVENTORY_READERS, runnable -> {
            Thread thread = new Thread(runnable, "scheduler-inventory-read-" + settings.name());
            thread.setDaemon(true);
            return thread;
        });
        this.emitter = new SlotEmitter(cursors, new TableResolver(inventory, settings.inventoryMaxAge(), readers),
                new EventPublisher(sender), metrics, settings.resolveAhead());
        this.consumer = new PolicyConsumer(new PolicyConsumer.Settings(settings.kafka(),
                settings.policiesTopic(), settings.groupId(), "scheduler-" + settings.name(),
                settings.sessionTimeout(), settings.heartbeatInterval()),
                book, sender, this::forget, this::requestPass, metrics::deadLettered, consumers);
        this.loop = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scheduler-emit-" + settings.name());
            thread.setDaemon(true);
            return thread;
        });
        this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scheduler-inventory-" + settings.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        consumer.start();
        if (clock instanceof TopicClock topicClock) {
            topicClock.onAdvance(instant -> requestPass());
        }
        long tick = settings.tick().toMillis();
        loop.scheduleWithFixedDelay(this::requestPass, tick, tick, TimeUnit.MILLISECONDS);
        long refresh = settings.inventoryRefreshInterval().toMillis();
        if (refresh > 0) {
            refresher.scheduleWithFixedDelay(this::refreshInventory, refresh, refresh, TimeUnit.MILLISECONDS);
        }
        LOG.infof("scheduler instance %s started: group %s on %s", settings.name(), settings.groupId(),
                settings.policiesTopic());
    }

    /** Asks for a pass soon; requests that arrive while one is waiting are one pass. */
    public void requestPass() {
        if (!closed && passRequested.compareAndSet(false, true)) {
            try {
                loop.execute(this::pass);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                passRequested.set(false);
            }
        }
    }

    private void pass() {
        passRequested.set(false);
        if (closed || (clock instanceof TopicClock topic && !topic.isSet())) {
            return;
        }
        Instant now = clock.instant();
        Instant covered = now;
        for (OwnedPolicy policy : book.schedulable()) {
            if (closed) {
                return;
            }
            try {
                Optional<Instant> pending = emitter.emitDue(policy, now, book::owns);
                if (pending.isPresent() && pending.get().isBefore(covered)) {
                    covered = pending.get();
                }
            } catch (Exception e) {
                metrics.failure();
                LOG.warnf("policy %s: slots up to %s stay pending and are tried again (%s)", policy.id(), now,
                        e.toString());
                Instant pending = firstPending(policy.id(), now);
                if (pending.isBefore(covered)) {
                    covered = pending;
                }
            }
        }
        metrics.covered(covered);
        lastPass = now;
    }

    /**
     * The background refresh: reads again the inventory of every account and region that an owned policy's latest
     * version selects from, one scope after the other, and drops the scopes no owned policy names any more. A scope
     * that fails is tried again at the next interval (or before a slot, when it is older than the max age).
     */
    void refreshInventory() {
        Set<Scope> scopes = new LinkedHashSet<>();
        for (OwnedPolicy policy : book.schedulable()) {
            scopes.addAll(TableResolver.scopes(policy.latest().policy().selection()));
        }
        inventory.retain(scopes);
        for (Scope scope : scopes) {
            if (closed) {
                return;
            }
            try {
                inventory.refresh(scope.account(), scope.region());
                metrics.inventoryRefreshed(false);
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                metrics.inventoryRefreshed(true);
                LOG.warnf("the inventory of %s could not be read (%s); it is tried again at the next refresh or "
                        + "before a slot", scope, AwsErrors.describe(e));
            }
        }
    }

    /** The tables of the accounts and regions this instance's policies select from. */
    public TableInventory inventory() {
        return inventory;
    }

    private Instant firstPending(UUID policyId, Instant otherwise) {
        try {
            return cursors.find(policyId).map(CursorStore.Cursor::firstPending).orElse(otherwise);
        } catch (RuntimeException e) {
            return otherwise;
        }
    }

    private void forget(UUID policyId) {
        emitter.forget(policyId);
        try {
            cursors.delete(policyId);
        } catch (RuntimeException e) {
            LOG.warnf("could not delete the cursor of deleted policy %s (%s); it is left unused", policyId,
                    e.getMessage());
        }
    }

    /** The instant the last pass covered; null before the first. */
    public Instant lastPass() {
        return lastPass;
    }

    public boolean isConsuming() {
        return consumer.isAlive();
    }

    /** The partitions of {@code policies} whose policies this instance schedules now. */
    public Set<Integer> readyPartitions() {
        return book.readyPartitions();
    }

    public Set<Integer> assignedPartitions() {
        return consumer.assignedPartitions();
    }

    public boolean owns(UUID policyId) {
        return book.owns(policyId);
    }

    public String name() {
        return settings.name();
    }

    @Override
    public void close() {
        closed = true;
        consumer.close();
        refresher.shutdownNow();
        readers.shutdownNow();
        loop.shutdown();
        try {
            loop.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.close();
    }

    /** The policies consumer, as the service's readiness watches it. */
    public PollWatch pollWatch() {
        return consumer.pollWatch();
    }
}
