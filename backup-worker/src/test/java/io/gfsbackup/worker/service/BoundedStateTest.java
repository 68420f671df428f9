package io.gfsbackup.worker.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.worker.support.Dues;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** State keyed by what messages name (table, account, region) is dropped once unused: no message can grow it. */
class BoundedStateTest {

    @Test
    void aTablesLockIsGoneOnceNoThreadHoldsOrWaitsForIt() throws Exception {
        TableLocks locks = new TableLocks();
        for (int i = 0; i < 1_000; i++) {
            locks.forCreate("arn:table/" + i, () -> null);
        }
        assertThat(locks.size()).isZero();

        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<?> holder = pool.submit(() -> locks.forCreate("busy", () -> {
            held.countDown();
            await(release);
            return null;
        }));
        held.await(5, TimeUnit.SECONDS);
        Future<?> waiter = pool.submit(() -> locks.forCreate("busy", () -> null));
        assertThat(locks.busy("busy")).isTrue();
        assertThat(locks.size()).isEqualTo(1);
        release.countDown();
        holder.get(5, TimeUnit.SECONDS);
        waiter.get(5, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(locks.size()).isZero();
        assertThat(locks.busy("busy")).isFalse();
    }

    @Test
    void thePacersOfIdleAccountsAndRegionsAreDropped() {
        AtomicLong nanos = new AtomicLong();
        RateLimits limits = new RateLimits(0, 0, nanos::get);
        for (int i = 0; i < 1_000; i++) {
            limits.beforeCreate(new TableRef("us-east-1", String.format("%012d", i), "t",
                    "arn:aws:dynamodb:us-east-1:" + String.format("%012d", i) + ":table/t"));
        }
        limits.beforeDelete(Dues.table("a"));
        assertThat(limits.scopes()).isEqualTo(1_001);

        nanos.addAndGet(RateLimits.IDLE.plusSeconds(1).toNanos());
        assertThat(limits.scopes()).isZero();
    }

    @Test
    void clientsOfOtherRegionsAreBoundedAndClosedWhenDropped() {
        DynamoDbClient home = DynamoDbClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://localhost:1")).build();
        try (DynamoDbClients clients = new DynamoDbClients(home, Optional.of("us-east-1"),
                Optional.of(URI.create("http://localhost:1")))) {
            assertThat(clients.forRegion("us-east-1")).isSameAs(home);
            DynamoDbClient west = clients.forRegion("eu-west-1");
            assertThat(clients.forRegion("eu-west-1")).isSameAs(west);
            for (int i = 0; i < 500; i++) {
                clients.forRegion("xx-forged-" + i);
            }
            assertThat(clients.otherRegions()).isLessThanOrEqualTo(DynamoDbClients.MAX_OTHER_REGIONS);
        }
        home.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
