package io.gfsbackup.worker.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * At most one backup operation (create or delete) per table at a time inside this worker: DynamoDB refuses a
 * second one with BackupInUseException. Both consumers share one instance. Across worker instances, Kafka's keying
 * by table ARN gives one table's dues to one worker (see docs/worker.md for what that does not cover).
 */
public final class TableLocks {

    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public <T> T withLock(String tableArn, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(tableArn, arn -> new ReentrantLock(true));
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /** Whether another thread holds the table's lock now. */
    public boolean busy(String tableArn) {
        ReentrantLock lock = locks.get(tableArn);
        return lock != null && lock.isLocked() && !lock.isHeldByCurrentThread();
    }
}
