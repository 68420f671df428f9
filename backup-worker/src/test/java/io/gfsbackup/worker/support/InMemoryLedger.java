package io.gfsbackup.worker.support;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.gfsbackup.worker.persistence.Ledger;
import io.gfsbackup.worker.persistence.LedgerEntry;
import io.gfsbackup.worker.persistence.LedgerState;
import io.gfsbackup.worker.persistence.PointLease;

/** The ledger's conditional semantics over a map, for plain unit tests of the handling core. */
public final class InMemoryLedger implements Ledger {

    private final Map<UUID, LedgerEntry> entries = new ConcurrentHashMap<>();
    private final Map<UUID, Map<UUID, Instant>> restoreLeases = new HashMap<>();
    private final Set<UUID> deletionStarted = new HashSet<>();

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
        if (next.state() != LedgerState.CREATED) {
            restoreLeases.remove(next.dueId());
            deletionStarted.remove(next.dueId());
        }
        return true;
    }

    @Override
    public synchronized PointLease addRestoreLease(UUID dueId, UUID restoreId, Instant leaseUntil) {
        LedgerEntry e = entries.get(dueId);
        if (e == null) {
            return PointLease.NO_ENTRY;
        }
        if (e.state() == LedgerState.DELETED) {
            return PointLease.DELETED;
        }
        if (deletionStarted.contains(dueId)) {
            return PointLease.DELETION_STARTED;
        }
        if (e.state() != LedgerState.CREATED) {
            return PointLease.NOT_CREATED;
        }
        restoreLeases.computeIfAbsent(dueId, id -> new HashMap<>()).put(restoreId, leaseUntil);
        return PointLease.ADDED;
    }

    @Override
    public synchronized boolean renewRestoreLease(UUID dueId, UUID restoreId, Instant leaseUntil) {
        Map<UUID, Instant> leases = restoreLeases.get(dueId);
        return leases != null && leases.replace(restoreId, leaseUntil) != null;
    }

    @Override
    public synchronized void releaseRestoreLease(UUID dueId, UUID restoreId) {
        Map<UUID, Instant> leases = restoreLeases.get(dueId);
        if (leases != null) {
            leases.remove(restoreId);
        }
    }

    @Override
    public synchronized Map<UUID, Instant> startDeletion(UUID dueId, Instant now) {
        LedgerEntry e = entries.get(dueId);
        if (e == null || e.state() != LedgerState.CREATED || deletionStarted.contains(dueId)) {
            return Map.of();
        }
        Map<UUID, Instant> live = new HashMap<>();
        restoreLeases.getOrDefault(dueId, Map.of()).forEach((restoreId, until) -> {
            if (until.isAfter(now)) {
                live.put(restoreId, until);
            }
        });
        if (live.isEmpty()) {
            deletionStarted.add(dueId);
        }
        return live;
    }
}
