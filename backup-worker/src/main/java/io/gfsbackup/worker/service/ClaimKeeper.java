package io.gfsbackup.worker.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.gfsbackup.worker.persistence.Ledger;

/**
 * Keeps this worker's ledger claims alive. A claim's lease says that its worker is still running, so it is
 * measured on the wall clock, never on the business clock that schedules backups (which a test or demo moves in
 * steps and holds still in between). While a claim is {@linkplain #hold held}, a timer renews it every third of
 * the lease, whatever the claim's work is doing (a call, a backoff pause, the wait for AVAILABLE). A worker that
 * stops, even by SIGKILL, stops renewing: its claims are stale one lease later, and another worker takes them over.
 */
public final class ClaimKeeper implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClaimKeeper.class);

    private final Ledger ledger;
    private final Clock wallClock;
    private final Duration lease;
    private final Map<UUID, String> held = new ConcurrentHashMap<>();
    private final Map<Object, Renewal> others = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-claim-keeper");
        thread.setDaemon(true);
        return thread;
    });

    public ClaimKeeper(Ledger ledger, Clock wallClock, Duration lease) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the ledger lease must be positive: " + lease);
        }
        this.ledger = ledger;
        this.wallClock = wallClock;
        this.lease = lease;
        long period = Math.max(1, lease.toMillis() / 3);
        timer.scheduleAtFixedRate(this::renewAll, period, period, TimeUnit.MILLISECONDS);
    }

    /** The end of a lease taken or renewed now. */
    public Instant leaseUntil() {
        return wallClock.instant().plus(lease);
    }

    /** Whether a claim whose lease ends at {@code leaseUntil} is stale: its worker stopped renewing it. */
    public boolean isStale(Instant leaseUntil) {
        return leaseUntil == null || !wallClock.instant().isBefore(leaseUntil);
    }

    /** Renews the claim of {@code dueId} held with {@code token} until the returned handle is closed. */
    public Held hold(UUID dueId, String token) {
        held.put(dueId, token);
        return () -> held.remove(dueId, token);
    }

    /**
     * Renews some other lease of this worker (a restore's claim, its lease on a point) with {@code renew} at every
     * round, until the returned handle is closed; {@code renew} is given the new lease end and says whether the lease
     * was still this worker's (if not, the renewals stop).
     */
    public Held keep(String what, Predicate<Instant> renew) {
        Object key = new Object();
        others.put(key, new Renewal(what, renew));
        return () -> others.remove(key);
    }

    void renewAll() {
        others.forEach((key, renewal) -> {
            try {
                if (!renewal.renew().test(leaseUntil())) {
                    LOG.warnf("%s: the lease is no longer this worker's", renewal.what());
                    others.remove(key);
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "%s: could not renew the lease; the next round tries again", renewal.what());
            }
        });
        held.forEach((dueId, token) -> {
            try {
                if (!ledger.renew(dueId, token, leaseUntil())) {
                    LOG.warnf("due %s: lost the claim to another worker", dueId);
                    held.remove(dueId, token);
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "due %s: could not renew the claim; the next round tries again", dueId);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private record Renewal(String what, Predicate<Instant> renew) {
    }

    /** A claim being kept alive; closing it stops the renewals. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
