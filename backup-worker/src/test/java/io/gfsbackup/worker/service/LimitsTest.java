package io.gfsbackup.worker.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.gfsbackup.worker.support.Dues;

class LimitsTest {

    @Test
    void aCapOf100PerSecondSpacesCallsSoThat51CallsTakeAtLeastHalfASecondAcrossThreads() throws Exception {
        RateLimits limits = new RateLimits(100, 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            done.add(pool.submit(() -> limits.beforeCreate(Dues.table("t" + System.nanoTime()))));
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
        RateLimits limits = new RateLimits(1, 0);
        assertThat(limits.beforeCreate(Dues.table("a"))).isZero();
        long waited = limits.beforeCreate(Dues.table("b"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(waited)).isBetween(900L, 1000L);
        var otherRegion = new io.gfsbackup.contracts.messages.TableRef("eu-west-1", Dues.ACCOUNT, "c",
                "arn:aws:dynamodb:eu-west-1:" + Dues.ACCOUNT + ":table/c");
        assertThat(limits.beforeCreate(otherRegion)).isZero();
        for (int i = 0; i < 100; i++) {
            assertThat(limits.beforeDelete(Dues.table("a"))).isZero();
        }
    }

    @Test
    void oneTableRunsOneOperationAtATimeWhileDifferentTablesRunTogether() throws Exception {
        TableLocks locks = new TableLocks();
        assertThat(maxConcurrent(locks, "same", "same")).isEqualTo(1);
        assertThat(maxConcurrent(locks, "one", "two")).isEqualTo(2);
    }

    private static int maxConcurrent(TableLocks locks, String first, String second) throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (String table : List.of(first, second)) {
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
