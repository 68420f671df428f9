package io.gfsbackup.worker.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsOperation;
import io.gfsbackup.aws.AwsScope;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.worker.support.Dues;

/** The worker's pacing (through ApiLimits) and its one backup operation per table at a time. */
class LimitsTest {

    /** CreateBackup at {@code creates}/s, DeleteBackup at {@code deletes}/s, every other call uncapped. */
    private static ApiLimits limits(double creates, double deletes) {
        Map<AwsOperation, Double> rates = new EnumMap<>(AwsOperation.class);
        for (AwsOperation operation : AwsOperation.values()) {
            rates.put(operation, 0d);
        }
        rates.put(AwsOperation.CREATE_BACKUP, creates);
        rates.put(AwsOperation.DELETE_BACKUP, deletes);
        return new ApiLimits(rates, Duration.ZERO, Duration.ZERO, 1);
    }

    private static AwsScope scope(TableRef table) {
        return AwsScope.of(table);
    }

    @Test
    void aCapOf100PerSecondSpacesCallsSoThat51CallsTakeAtLeastHalfASecondAcrossThreads() throws Exception {
        ApiLimits limits = limits(100, 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            done.add(pool.submit(() -> limits.acquire(AwsOperation.CREATE_BACKUP,
                    scope(Dues.table("t" + System.nanoTime())))));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        pool.shutdown();
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(490);
    }

    @Test
    void capsAreKeptPerAccountAndRegionAndZeroMeansNoCap() {
        ApiLimits limits = limits(1, 0);
        assertThat(limits.acquire(AwsOperation.CREATE_BACKUP, scope(Dues.table("a")))).isZero();
        long waited = limits.acquire(AwsOperation.CREATE_BACKUP, scope(Dues.table("b")));
        assertThat(TimeUnit.NANOSECONDS.toMillis(waited)).isBetween(900L, 1000L);
        TableRef otherRegion = Dues.table("eu-west-1", Dues.ACCOUNT, "c");
        assertThat(limits.acquire(AwsOperation.CREATE_BACKUP, scope(otherRegion))).isZero();
        TableRef otherAccount = Dues.table(Dues.REGION, "222222222222", "c");
        assertThat(limits.acquire(AwsOperation.CREATE_BACKUP, scope(otherAccount))).isZero();
        for (int i = 0; i < 100; i++) {
            assertThat(limits.acquire(AwsOperation.DELETE_BACKUP, scope(Dues.table("a")))).isZero();
        }
    }

    @Test
    void oneTableRunsOneOperationAtATimeWhileDifferentTablesRunTogether() throws Exception {
        TableLocks locks = new TableLocks();
        assertThat(maxConcurrent(locks, Dues.table("same"), Dues.table("same"))).isEqualTo(1);
        assertThat(maxConcurrent(locks, Dues.table("one"), Dues.table("two"))).isEqualTo(2);
    }

    @Test
    void tablesOfOneNameInTwoAccountsOrTwoRegionsAreTwoTablesAndDoNotWaitForEachOther() throws Exception {
        TableLocks locks = new TableLocks();
        TableRef here = Dues.table(Dues.REGION, Dues.ACCOUNT, "orders");
        TableRef otherAccount = Dues.table(Dues.REGION, "222222222222", "orders");
        TableRef otherRegion = Dues.table("eu-west-1", Dues.ACCOUNT, "orders");
        assertThat(maxConcurrent(locks, here, otherAccount)).isEqualTo(2);
        assertThat(maxConcurrent(locks, here, otherRegion)).isEqualTo(2);
        assertThat(maxConcurrent(locks, otherAccount, Dues.table(Dues.REGION, "222222222222", "orders")))
                .isEqualTo(1);
    }

    private static int maxConcurrent(TableLocks locks, TableRef first, TableRef second) throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (TableRef table : List.of(first, second)) {
            done.add(pool.submit(() -> {
                start.await();
                return locks.forCreate(table, () -> {
                    max.accumulateAndGet(running.incrementAndGet(), Math::max);
                    sleep(200);
                    running.decrementAndGet();
                    return null;
                });
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return max.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
