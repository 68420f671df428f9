package io.gfsbackup.worker.service;

import io.gfsbackup.aws.CallPacer;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import io.gfsbackup.contracts.messages.TableRef;

/**
 * The DynamoDB control-plane quotas this worker keeps to: CreateBackup and DeleteBackup calls per second, each
 * per account and region (one {@link CallPacer} each). A cap of 0 switches that limit off.
 *
 * <p>A pacer stores no burst, so one that has been idle for longer than its interval is the same as a new one:
 * the pacers of scopes idle for {@link #IDLE} are dropped, and the account and region of a message can never
 * make the worker keep pacers without end.
 */
public final class RateLimits {

    /** How long an idle scope's pacer is kept; far longer than the interval of any cap above 0.01/s. */
    static final Duration IDLE = Duration.ofMinutes(2);

    private final double createsPerSecond;
    private final double deletesPerSecond;
    private final Cache<String, CallPacer> creates;
    private final Cache<String, CallPacer> deletes;

    public RateLimits(double createsPerSecond, double deletesPerSecond) {
        this(createsPerSecond, deletesPerSecond, Ticker.systemTicker());
    }

    RateLimits(double createsPerSecond, double deletesPerSecond, Ticker ticker) {
        this.createsPerSecond = createsPerSecond;
        this.deletesPerSecond = deletesPerSecond;
        this.creates = Caffeine.newBuilder().expireAfterAccess(IDLE).ticker(ticker).build();
        this.deletes = Caffeine.newBuilder().expireAfterAccess(IDLE).ticker(ticker).build();
    }

    public static RateLimits none() {
        return new RateLimits(0, 0);
    }

    /** Waits for a CreateBackup permit of the table's account and region. */
    public long beforeCreate(TableRef table) {
        return creates.get(scope(table), s -> new CallPacer(createsPerSecond)).acquire();
    }

    /** Waits for a DeleteBackup permit of the table's account and region. */
    public long beforeDelete(TableRef table) {
        return deletes.get(scope(table), s -> new CallPacer(deletesPerSecond)).acquire();
    }

    /** How many scopes have a pacer now (after pending expiries). */
    long scopes() {
        creates.cleanUp();
        deletes.cleanUp();
        return creates.estimatedSize() + deletes.estimatedSize();
    }

    private static String scope(TableRef table) {
        return (table.accountId() == null ? "" : table.accountId()) + "/" + table.region();
    }
}
