package io.gfsbackup.worker.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.gfsbackup.contracts.messages.TableRef;

/**
 * The DynamoDB control-plane quotas this worker keeps to: CreateBackup and DeleteBackup calls per second, each
 * per account and region (one {@link CallPacer} each). A cap of 0 switches that limit off.
 */
public final class RateLimits {

    private final double createsPerSecond;
    private final double deletesPerSecond;
    private final Map<String, CallPacer> creates = new ConcurrentHashMap<>();
    private final Map<String, CallPacer> deletes = new ConcurrentHashMap<>();

    public RateLimits(double createsPerSecond, double deletesPerSecond) {
        this.createsPerSecond = createsPerSecond;
        this.deletesPerSecond = deletesPerSecond;
    }

    public static RateLimits none() {
        return new RateLimits(0, 0);
    }

    /** Waits for a CreateBackup permit of the table's account and region. */
    public long beforeCreate(TableRef table) {
        return creates.computeIfAbsent(scope(table), s -> new CallPacer(createsPerSecond)).acquire();
    }

    /** Waits for a DeleteBackup permit of the table's account and region. */
    public long beforeDelete(TableRef table) {
        return deletes.computeIfAbsent(scope(table), s -> new CallPacer(deletesPerSecond)).acquire();
    }

    private static String scope(TableRef table) {
        return (table.accountId() == null ? "" : table.accountId()) + "/" + table.region();
    }
}
