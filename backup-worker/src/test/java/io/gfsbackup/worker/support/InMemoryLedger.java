package io.gfsbackup.worker.support;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.gfsbackup.worker.persistence.Ledger;
import io.gfsbackup.worker.persistence.LedgerEntry;
import io.gfsbackup.worker.persistence.LedgerState;

/** The ledger's conditional semantics over a map, for plain unit tests of the handling core. */
public final class InMemoryLedger implements Ledger {

    private final Map<UUID, LedgerEntry> entries = new ConcurrentHashMap<>();

    public void put(LedgerEntry entry) {
        entries.put(entry.dueId(), entry);
    }

    @Override
    public boolean claim(LedgerEntry entry) {
        return entries.putIfAbsent(entry.dueId(), entry) == null;
    }

    @Override
    public Optional<LedgerEntry> find(UUID dueId) {
        return Optional.ofNullable(entries.get(dueId));
    }

    @Override
    public synchronized boolean takeOver(UUID dueId, String expectedOwner, String newOwner, Instant leaseUntil) {
        LedgerEntry e = entries.get(dueId);
        if (e == null || e.state() != LedgerState.CLAIMED || !expectedOwner.equals(e.owner())) {
            return false;
        }
        entries.put(dueId, e.ownedBy(newOwner, leaseUntil));
        return true;
    }

    @Override
    public synchronized boolean renew(UUID dueId, String owner, Instant leaseUntil) {
        return takeOver(dueId, owner, owner, leaseUntil);
    }

    @Override
    public synchronized boolean complete(LedgerEntry outcome, String owner) {
        LedgerEntry e = entries.get(outcome.dueId());
        if (e == null || e.state() != LedgerState.CLAIMED || !owner.equals(e.owner())) {
            return false;
        }
        entries.put(outcome.dueId(), outcome);
        return true;
    }

    @Override
    public synchronized boolean replace(LedgerEntry next, LedgerState expected) {
        LedgerEntry e = entries.get(next.dueId());
        if (e == null || e.state() != expected) {
            return false;
        }
        entries.put(next.dueId(), next);
        return true;
    }
}
