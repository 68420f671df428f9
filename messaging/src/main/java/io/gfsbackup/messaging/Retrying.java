package io.gfsbackup.messaging;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

/**
 * The retry rule of every consumer, implemented once: a transient failure ({@link Failures}) is retried with
 * backoff for as long as it lasts and the caller keeps running; any other failure is tried {@code attempts} times in
 * all and then thrown, for the caller to dead-letter the message.
 */
public final class Retrying {

    private static final Logger LOG = Logger.getLogger(Retrying.class);
    private static final long SLICE_NANOS = Duration.ofMillis(50).toNanos();

    /** How a message is retried: the backoff between attempts, and how often a non-transient failure is tried. */
    public record Policy(Failures failures, Backoff backoff, int attempts) {

        public Policy {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
            }
        }

        /** The standard failures, 0.5 s doubling up to 30 s, three attempts for a message that fails otherwise. */
        public static Policy standard() {
            return new Policy(Failures.standard(), new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)), 3);
        }

        public Policy withFailures(Failures other) {
            return new Policy(other, backoff, attempts);
        }

        /** This backoff, with every failure taken as transient: for work that must happen, such as a dead letter. */
        public Policy untilItWorks() {
            return withFailures(failures.orTransientWhen(error -> true));
        }

        public Policy withBackoff(Backoff other) {
            return new Policy(failures, other, attempts);
        }
    }

    private Retrying() {
    }

    /**
     * Runs {@code work} until it succeeds. Throws the last failure once a non-transient one has happened
     * {@code attempts} times, and {@link CancellationException} when {@code running} turns false while waiting.
     */
    public static <T> T call(String what, Callable<T> work, Policy policy, BooleanSupplier running) throws Exception {
        int transientFailures = 0;
        int otherFailures = 0;
        while (true) {
            if (!running.getAsBoolean()) {
                throw new CancellationException("stopped before " + what + " succeeded");
            }
            try {
                return work.call();
            } catch (CancellationException stopping) {
                throw stopping;
            } catch (Exception e) {
                Duration delay;
                if (policy.failures().isTransient(e)) {
                    transientFailures++;
                    delay = policy.backoff().delay(transientFailures);
                    if (transientFailures == 1 || transientFailures % 10 == 0) {
                        LOG.warnf("%s failed for a reason that passes (%s); attempt %d, retrying in %d ms", what,
                                e, transientFailures, delay.toMillis());
                    }
                } else {
                    otherFailures++;
                    if (otherFailures >= policy.attempts()) {
                        throw e;
                    }
                    delay = policy.backoff().delay(otherFailures);
                    LOG.infof("%s failed (%s); attempt %d of %d in %d ms", what, e, otherFailures + 1,
                            policy.attempts(), delay.toMillis());
                }
                pause(delay, running);
            }
        }
    }

    /** {@link #call} for work without a result. */
    public static void run(String what, Work work, Policy policy, BooleanSupplier running) throws Exception {
        call(what, () -> {
            work.run();
            return null;
        }, policy, running);
    }

    /** Waits {@code delay}, or less once {@code running} turns false. */
    public static void pause(Duration delay, BooleanSupplier running) {
        long until = System.nanoTime() + delay.toNanos();
        long left;
        while (running.getAsBoolean() && (left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, SLICE_NANOS));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting to retry");
            }
        }
    }

    /** Work that may throw. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }
}
