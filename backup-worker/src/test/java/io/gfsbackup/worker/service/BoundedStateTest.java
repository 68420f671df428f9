package io.gfsbackup.worker.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.worker.support.Dues;

/**
 * State keyed by what messages name (table, account, region) is dropped once unused: no message can grow it. (The
 * pacers and clients per account and region are the aws module's: its BoundedStateTest.)
 */
class BoundedStateTest {

    @Test
    void aTablesLockIsGoneOnceNoThreadHoldsOrWaitsForIt() throws Exception {
        TableLocks locks = new TableLocks();
        for (int i = 0; i < 1_000; i++) {
            locks.forCreate(Dues.table("t" + i), () -> null);
        }
        assertThat(locks.size()).isZero();

        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        TableRef busy = Dues.table("busy");
        Future<?> holder = pool.submit(() -> locks.forCreate(busy, () -> {
            held.countDown();
            await(release);
            return null;
        }));
        held.await(5, TimeUnit.SECONDS);
        Future<?> waiter = pool.submit(() -> locks.forCreate(busy, () -> null));
        assertThat(locks.busy(busy)).isTrue();
        assertThat(locks.size()).isEqualTo(1);
        release.countDown();
        holder.get(5, TimeUnit.SECONDS);
        waiter.get(5, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(locks.size()).isZero();
        assertThat(locks.busy(busy)).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
