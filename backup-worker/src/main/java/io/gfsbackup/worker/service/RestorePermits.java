package io.gfsbackup.worker.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.gfsbackup.aws.AwsScope;

/**
 * DynamoDB runs at most 50 restores at once per account and region: a restore holds one of
 * {@code gfs.worker.limits.concurrent-restores} permits of its account and region from its RestoreTableFromBackup
 * call until its table is ACTIVE, and a restore beyond them waits here (queues) instead of failing. One worker's
 * count: with several workers, divide the limit among them (docs/worker.md). The map holds one semaphore per
 * account and region the worker restored in, a bounded set.
 */
public final class RestorePermits {

    private final int perScope;
    private final Map<AwsScope, Semaphore> permits = new ConcurrentHashMap<>();

    public RestorePermits(int perScope) {
        if (perScope < 1) {
            throw new IllegalArgumentException("gfs.worker.limits.concurrent-restores must be at least 1, not "
                    + perScope);
        }
        this.perScope = perScope;
    }

    /** Waits for a permit of {@code scope}; closing the returned permit gives it back. */
    public Permit acquire(AwsScope scope) {
        Semaphore semaphore = permits.computeIfAbsent(scope, s -> new Semaphore(perScope, true));
        try {
            semaphore.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a restore permit of " + scope, e);
        }
        AtomicBoolean held = new AtomicBoolean(true);
        return () -> {
            if (held.compareAndSet(true, false)) {
                semaphore.release();
            }
        };
    }

    /** How many restores of {@code scope} hold a permit now. */
    public int inUse(AwsScope scope) {
        Semaphore semaphore = permits.get(scope);
        return semaphore == null ? 0 : perScope - semaphore.availablePermits();
    }

    /** A permit held; closing it gives it back. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }
}
