package io.gfsbackup.aws;

import java.util.concurrent.locks.LockSupport;

/**
 * Paces calls to at most {@code permitsPerSecond}: each caller reserves the next free instant, one interval after
 * the previous reservation (or now, when the pacer has been idle), and sleeps until it. No burst is stored, so
 * the rate holds over any window of one second. {@code permitsPerSecond <= 0} means no cap.
 *
 * <p>It measures elapsed time with {@link System#nanoTime()}: pacing calls to AWS is about real seconds, not about
 * the (possibly simulated) instant the business clock reports.
 */
public final class CallPacer {

    private final long intervalNanos;
    private long nextFree = System.nanoTime();

    public CallPacer(double permitsPerSecond) {
        this.intervalNanos = permitsPerSecond <= 0 ? 0 : Math.max(1, Math.round(1_000_000_000d / permitsPerSecond));
    }

    public boolean capped() {
        return intervalNanos > 0;
    }

    /** Blocks until the caller may make its call; returns how long it waited, in nanoseconds. */
    public long acquire() {
        if (intervalNanos == 0) {
            return 0;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextFree);
            nextFree = slot + intervalNanos;
            wait = slot - now;
        }
        long until = System.nanoTime() + wait;
        long left = wait;
        while (left > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the rate limit");
            }
            left = until - System.nanoTime();
        }
        return wait;
    }

    @Override
    public String toString() {
        return intervalNanos == 0 ? "uncapped" : String.format("%.1f/s", 1e9 / intervalNanos);
    }
}
