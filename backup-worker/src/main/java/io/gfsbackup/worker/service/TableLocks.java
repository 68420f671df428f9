package io.gfsbackup.worker.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.gfsbackup.contracts.messages.TableRef;

/**
 * At most one backup operation (create or delete) per table at a time inside this worker: DynamoDB refuses a
 * second one with BackupInUseException. Both consumers share one instance. A table is its ARN (partition, region,
 * account and name): tables of one name in two accounts or two regions are two tables and never wait for each
 * other. Across worker instances, Kafka's keying by table ARN gives one table's dues to one worker (see
 * docs/worker.md for what that does not cover).
 *
 * <p><b>Creates win the table.</b> A create holds the table for its whole work (calls, backoff, the wait for
 * AVAILABLE); a delete takes it only for its one DeleteBackup call and yields to any create that holds or waits for
 * the table: a slot's backups never wait behind expiries.
 *
 * <p>A table's lock exists only while a thread holds or waits for it: the last one out removes it, so the map
 * holds the tables being worked on now, never every ARN a message ever named.
 */
public final class TableLocks {

    private static final long YIELD_NANOS = Duration.ofMillis(5).toNanos();

    private final Map<String, Entry> locks = new ConcurrentHashMap<>();

    /** Runs a create's work holding the table; deletes of the table wait meanwhile, and while it waits. */
    public <T> T forCreate(TableRef table, Supplier<T> work) {
        String tableArn = table.arn();
        Entry entry = locks.compute(tableArn, (arn, current) -> (current == null ? new Entry() : current).join());
        entry.creates.incrementAndGet();
        entry.lock.lock();
        try {
            return work.get();
        } finally {
            entry.lock.unlock();
            entry.creates.decrementAndGet();
            locks.computeIfPresent(tableArn, (arn, current) -> current.leave() ? null : current);
        }
    }

    /** Runs a delete's call holding the table, once no create holds or waits for it. */
    public <T> T forDelete(TableRef table, Supplier<T> work) {
        String tableArn = table.arn();
        Entry entry = locks.compute(tableArn, (arn, current) -> (current == null ? new Entry() : current).join());
        try {
            while (true) {
                entry.lock.lock();
                if (entry.creates.get() == 0) {
                    break;
                }
                entry.lock.unlock();
                LockSupport.parkNanos(YIELD_NANOS);
            }
            try {
                return work.get();
            } finally {
                entry.lock.unlock();
            }
        } finally {
            locks.computeIfPresent(tableArn, (arn, current) -> current.leave() ? null : current);
        }
    }

    /** Whether another thread holds the table's lock now. */
    public boolean busy(TableRef table) {
        Entry entry = locks.get(table.arn());
        return entry != null && entry.lock.isLocked() && !entry.lock.isHeldByCurrentThread();
    }

    /** How many tables have a lock now (held or waited for). */
    int size() {
        return locks.size();
    }

    /**
     * A table's lock, how many threads hold or wait for it (changed only inside the map's compute), and how many
     * of them are creates.
     */
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock(true);
        final AtomicInteger creates = new AtomicInteger();
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
