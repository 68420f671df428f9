package io.gfsbackup.retention.command;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.gfsbackup.clock.TopicClock;
import io.gfsbackup.retention.query.ChainEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Makes retention time-driven and durable. The {@code chain} read model holds each chain's next due instant
 * (from {@code BackupChain.nextDueAt()}, written with the chain's events); this poller sends
 * {@code AdvanceChain(chainId, now)} to every chain whose instant has come, earliest first, whenever the clock
 * moves ({@link TopicClock#onAdvance}) and on a short periodic tick. After a restart or an outage one
 * {@code AdvanceChain} applies everything that fell due meanwhile, in time order ({@code BackupChain.advanceTo}),
 * once: what was applied is in the event store, and the chain does not decide it again. With several instances one
 * pass runs at a time ({@link LeaderLock#CHAIN_PASSES}); the others skip their turns meanwhile.
 */
@ApplicationScoped
public class DueChainPoller {

    private static final Logger LOG = Logger.getLogger(DueChainPoller.class);

    @Inject
    Clock clock;

    @Inject
    ChainCommands commands;

    @Inject
    ClockGuard guard;

    @Inject
    LeaderLock leader;

    @ConfigProperty(name = "gfs.retention.poller.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "gfs.retention.poller.page-size", defaultValue = "200")
    int pageSize;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "retention-due-poller");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile boolean paused;

    void onStart(@Observes StartupEvent event) {
        if (clock instanceof TopicClock topicClock) {
            topicClock.onAdvance(now -> trigger());
        }
    }

    @Scheduled(every = "${gfs.retention.poller.interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        trigger();
    }

    /** Asks for a pass over the due chains; passes do not overlap, and triggers during a pass ask for one more. */
    public void trigger() {
        if (enabled && !paused && pending.compareAndSet(false, true)) {
            executor.submit(this::pass);
        }
    }

    /** Stops advancing chains until {@link #resume()} (operations, and the restart tests). */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        trigger();
    }

    /**
     * One pass: advances every chain due at the clock's instant now, with what the {@link ClockGuard} lets each
     * policy expire; returns how many chains were advanced.
     */
    int pass() {
        pending.set(false);
        if (clock instanceof TopicClock topicClock && !topicClock.isSet()) {
            return 0; // no time has been published yet: nothing can be due
        }
        Instant now = clock.instant();
        // one instance's pass at a time: two would each judge the clock guard's budget on their own
        return leader.ifFree(LeaderLock.CHAIN_PASSES, () -> guard.during(now, pass -> advanceDue(now, pass)))
                .orElse(0);
    }

    private int advanceDue(Instant now, ClockGuard.Pass pass) {
        int advanced = 0;
        try {
            while (!paused) {
                List<ChainEntity.Due> due = QuarkusTransaction.requiringNew()
                        .call(() -> ChainEntity.dueAt(now, pageSize));
                int failed = 0;
                for (ChainEntity.Due chain : due) {
                    try {
                        commands.advance(chain.chainId(), now, pass.budgetFor(chain.policyId()),
                                held -> pass.held(chain.policyId(), chain.chainId(), held));
                        advanced++;
                    } catch (RuntimeException e) {
                        failed++;
                        LOG.errorf(e, "could not advance chain %s to %s; the next pass retries", chain.chainId(),
                                now);
                    }
                }
                if (due.size() < pageSize || failed > 0) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.error("could not read the due chains; the next pass retries", e);
        }
        return advanced;
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        paused = true;
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
