package io.gfsbackup.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.worker.persistence.LedgerEntry;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.InMemoryLedger;

/** Claims are kept alive on the wall clock while held, and go stale one lease after their worker stops. */
class ClaimKeeperTest {

    private static final Duration LEASE = Duration.ofMillis(600);

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final ClaimKeeper keeper = new ClaimKeeper(ledger, Clock.systemUTC(), LEASE);
    private final DueSlot due = Dues.due(UUID.randomUUID(), Dues.table("orders"), Instant.EPOCH, Duration.ofHours(1)).due();
    private final UUID dueId = due.dueId();

    @AfterEach
    void close() {
        keeper.close();
    }

    @Test
    void aHeldClaimIsRenewedWhileItsWorkRunsAndGoesStaleOneLeaseAfterItIsReleased() throws InterruptedException {
        ledger.put(LedgerEntry.claimed(due, "me", keeper.leaseUntil()));

        try (ClaimKeeper.Held held = keeper.hold(dueId, "me")) {
            Thread.sleep(LEASE.multipliedBy(3).toMillis());
            assertThat(keeper.isStale(leaseUntil())).as("renewed while held").isFalse();
        }
        await().atMost(LEASE.multipliedBy(3)).until(() -> keeper.isStale(leaseUntil()));
    }

    @Test
    void aClaimTakenOverByAnotherWorkerIsNoLongerRenewed() throws InterruptedException {
        ledger.put(LedgerEntry.claimed(due, "me", keeper.leaseUntil()));
        try (ClaimKeeper.Held held = keeper.hold(dueId, "me")) {
            Instant theirs = Instant.now().plus(Duration.ofHours(1));
            assertThat(ledger.takeOver(dueId, "me", "other", theirs)).isTrue();
            Thread.sleep(LEASE.multipliedBy(2).toMillis());
            assertThat(ledger.find(dueId).orElseThrow().owner()).isEqualTo("other");
            assertThat(leaseUntil()).isEqualTo(theirs);
        }
    }

    @Test
    void anotherLeaseKeptIsRenewedUntilClosedOrNoLongerThisWorkers() throws InterruptedException {
        AtomicInteger kept = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        ClaimKeeper.Held held = keeper.keep("a restore's lease", until -> {
            kept.incrementAndGet();
            return true;
        });
        keeper.keep("a restore taken over", until -> {
            lost.incrementAndGet();
            return false;
        });
        Thread.sleep(LEASE.multipliedBy(2).toMillis());
        held.close();
        int renewals = kept.get();
        Thread.sleep(LEASE.toMillis());

        assertThat(renewals).as("renewed every third of the lease while kept").isGreaterThanOrEqualTo(3);
        assertThat(kept.get()).as("not renewed once closed").isEqualTo(renewals);
        assertThat(lost.get()).as("given up when it is no longer this worker's").isEqualTo(1);
    }

    @Test
    void aClaimWithoutALeaseIsStale() {
        assertThat(keeper.isStale(null)).isTrue();
        assertThat(keeper.isStale(Instant.now().minusMillis(1))).isTrue();
        assertThat(keeper.isStale(keeper.leaseUntil())).isFalse();
    }

    private Instant leaseUntil() {
        return ledger.find(dueId).orElseThrow().leaseUntil();
    }
}
