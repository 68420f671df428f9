package io.gfsbackup.worker.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * At most one backup operation (create or delete) per table at a time inside this worker: DynamoDB refuses a
 * second one with BackupInUseException. Both consumers share one instance. Across worker instances, Kafka's keying
 * by table ARN gives one table's dues to one worker (see docs/worker.md for what that does not cover).
 *
 * <p>A table's lock exists only while a thread holds or waits for it: the last one out removes it, so the map
 * holds the tables being worked on now, never every ARN a message ever named.
 */
public final class TableLocks {

    private final Map<String, Entry> locks = new ConcurrentHashMap<>();

    public <T> T withLock(String tableArn, Supplier<T> work) {
        Entry entry = locks.compute(tableArn, (arn, current) -> (current == null ? new Entry() : current).join());
        entry.lock.lock();
        try {
            return work.get();
        } finally {
            entry.lock.unlock();
            locks.computeIfPresent(tableArn, (arn, current) -> current.leave() ? null : current);
        }
    }

    /** Whether another thread holds the table's lock now. */
    public boolean busy(String tableArn) {
        Entry entry = locks.get(tableArn);
        return entry != null && entry.lock.isLocked() && !entry.lock.isHeldByCurrentThread();
    }

    /** How many tables have a lock now (held or waited for). */
    int size() {
        return locks.size();
    }

    /** A table's lock and how many threads hold or wait for it; changed only inside the map's compute. */
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock(true);
        int users;

        Entry join() {
            users++;
            return this;
        }

        /** True when no thread is left. */
        boolean leave() {
            return --users == 0;
        }
    }
}
