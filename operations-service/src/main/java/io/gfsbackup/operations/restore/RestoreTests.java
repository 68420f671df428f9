package io.gfsbackup.operations.restore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.gfsbackup.clock.TopicClock;
import io.gfsbackup.contracts.messages.RestoreOptions;
import io.gfsbackup.contracts.messages.RestoreRequested;
import io.gfsbackup.contracts.messages.RestoreTestRun;
import io.gfsbackup.contracts.messages.ScratchTableExpired;
import io.gfsbackup.contracts.policy.RestoreTest;
import io.gfsbackup.messaging.KafkaSender;
import io.gfsbackup.operations.protection.PolicyRow;
import io.gfsbackup.operations.protection.ProtectionStore;
import io.gfsbackup.operations.restore.RestoreTestDraw.Choice;
import io.gfsbackup.operations.restore.RestoreTestDraw.Draw;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Runs the policies' restore tests on the service's clock (docs/operations.md, "Restore tests"; decision 13). Every
 * {@code interval} (and, on a driven clock, after every move of it), for each enabled policy whose latest version has a
 * {@code restoreTest}: the test's slots since its last run (or since the service first saw the policy with the test)
 * up to now; only the latest of them runs (after a stop, the missed ones are not made up). A run draws its tables and points ({@link RestoreTestDraw}), and in one
 * transaction records itself (unique per policy and slot: two instances make one run), records a restore per table
 * (its id name-based) and publishes each {@link RestoreRequested}; a run without candidates is recorded FAILED with
 * the reason, which the notifications report. Then it sweeps the kept scratch tables whose time is up: a
 * {@link ScratchTableExpired} for each, again every {@code expiry-resend} while it is not dropped.
 */
@ApplicationScoped
public class RestoreTests {

    static final String REQUESTED_BY = "restore-test";
    private static final Logger LOG = Logger.getLogger(RestoreTests.class);

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    ProtectionStore policies;

    @Inject
    RestoreStore restores;

    @Inject
    RestoreTestStore runs;

    @Inject
    RestorePublisher publisher;

    @ConfigProperty(name = "gfs.operations.restore-tests.expiry-resend", defaultValue = "PT6H")
    Duration expiryResend;

    @ConfigProperty(name = "gfs.operations.restore-tests.interval", defaultValue = "PT1M")
    String interval;

    private final AtomicBoolean passRequested = new AtomicBoolean();
    private volatile ExecutorService passes;

    /**
     * On a clock that a driver moves (tests, the demo), a pass also follows every move of it, so that no slot is
     * jumped over however fast time runs; passes run one at a time, and requests that arrive while one waits are one
     * pass.
     */
    void start(@Observes StartupEvent event) {
        if (clock instanceof TopicClock topic && !"off".equals(interval)) {
            passes = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "restore-tests");
                thread.setDaemon(true);
                return thread;
            });
            topic.onAdvance(instant -> requestPass());
        }
    }

    @PreDestroy
    void stop() {
        if (passes != null) {
            passes.shutdownNow();
        }
    }

    @Scheduled(every = "${gfs.operations.restore-tests.interval:PT1M}", delayed = "PT30S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void timer() {
        if (passes == null) {
            pass();
        } else {
            requestPass();
        }
    }

    private void requestPass() {
        if (passRequested.compareAndSet(false, true)) {
            try {
                passes.execute(() -> {
                    passRequested.set(false);
                    try {
                        pass();
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "a restore test pass failed; tried again on the next move of the clock");
                    }
                });
            } catch (RejectedExecutionException stopping) {
                passRequested.set(false);
            }
        }
    }

    private void pass() {
        if (clock instanceof TopicClock topic && !topic.isSet()) {
            return;
        }
        try {
            runDue();
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("the restore tests could not be run (%s); tried again on the next pass", e.getMessage());
        }
    }

    /** Runs the latest due slot of every policy's restore test; returns how many runs were recorded. */
    public int runDue() {
        Instant now = clock.instant();
        Set<UUID> tested = new HashSet<>();
        int ran = 0;
        for (PolicyRow policy : policies.policies()) {
            RestoreTest test = policy.policy().restoreTest();
            if (!policy.enabled() || test == null) {
                continue;
            }
            tested.add(policy.id());
            Instant since = runs.since(policy.id(), now);
            Instant last = runs.lastRun(policy.id());
            Instant from = last != null && last.isAfter(since) ? last : since;
            List<Instant> slots = test.slots(policy.policy().timeZone(), from, now);
            if (!slots.isEmpty() && run(policy, test, slots.get(slots.size() - 1), now)) {
                ran++;
                if (slots.size() > 1) {
                    LOG.infof("policy %s: %d restore test slots were missed; only the latest (%s) ran",
                            policy.name(), slots.size() - 1, slots.get(slots.size() - 1));
                }
            }
        }
        runs.forget(tested);
        return ran;
    }

    /** The run of {@code slot}; false when it was made already. */
    private boolean run(PolicyRow policy, RestoreTest test, Instant slot, Instant now) {
        long seed = RestoreTestDraw.seed(policy.id(), slot);
        Draw draw = RestoreTestDraw.draw(test, slot, seed, restores.pointsOf(policy.id()), now);
        RestoreTestRun run = new RestoreTestRun(policy.id(), policy.version(), slot, seed, test.validation(),
                test.keepFor());
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                boolean recorded = RestoreTestStore.recordRun(connection, policy.id(), slot, policy.version(), seed,
                        RestoreStore.json(draw.candidates()),
                        RestoreStore.json(draw.choices().stream().map(Choice::tableArn).toList()),
                        draw.choices().isEmpty() ? "FAILED" : "REQUESTED", draw.reason(), now);
                if (!recorded) {
                    connection.rollback();
                    return false;
                }
                for (Choice choice : draw.choices()) {
                    RestorePoint point = choice.point();
                    RestoreRequested request = RestoreRequested.of(
                            RestoreTestDraw.restoreId(policy.id(), slot, choice.tableArn()), point.source(),
                            point.sibling(RestoreTestDraw.scratchName(policy.id(), slot, point.table().name())),
                            RestoreOptions.NONE, REQUESTED_BY, now, run);
                    RestoreStore.insert(connection, request);
                    publisher.publish(request);
                }
                connection.commit();
            } catch (SQLException | KafkaSender.SendFailedException | RuntimeException e) {
                connection.rollback();
                throw new IllegalStateException("the restore test of policy " + policy.name() + " at " + slot
                        + " could not be run: " + e.getMessage(), e);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the restore test of policy " + policy.name() + " at " + slot
                    + " could not be run: " + e.getMessage(), e);
        }
        if (draw.choices().isEmpty()) {
            LOG.warnf("policy %s: the restore test of %s has nothing to restore: %s", policy.name(), slot,
                    draw.reason());
        } else {
            LOG.infof("policy %s: restore test of %s (seed %d) restores %s", policy.name(), slot, seed,
                    draw.choices().stream().map(Choice::tableArn).toList());
        }
        return true;
    }

    /** Asks the workers to drop the kept scratch tables whose time is up; returns how many were asked for. */
    public int sweep() {
        Instant now = clock.instant();
        int sent = 0;
        for (RestoreTestStore.Expired expired : runs.expired(now, now.minus(expiryResend))) {
            try {
                publisher.publish(ScratchTableExpired.of(expired.restoreId(), expired.source(), expired.table(), now));
                runs.expirySent(expired.restoreId(), now);
                sent++;
            } catch (KafkaSender.SendFailedException e) {
                LOG.warnf("scratch table %s: its expiry could not be published (%s); tried again on the next pass",
                        expired.table().arn(), e.getMessage());
                break;
            }
        }
        return sent;
    }
}
