package io.gfsbackup.aws;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import org.jboss.logging.Logger;

/**
 * Every AWS call the services make, paced per operation, account and region at the rates of {@link AwsOperation}
 * (or configured ones; 0 switches a cap off), one {@link CallPacer} each.
 *
 * <p>A pacer stores no burst, so one that has been idle for longer than its interval is the same as a new one: the
 * pacers of scopes idle for {@link #IDLE} are dropped, and the accounts and regions of messages can never make a
 * service keep pacers without end.
 *
 * <p>{@link #call} also backs off on throttling: exponential delays from {@code initialBackoff} up to
 * {@code maxBackoff}, each drawn uniformly from zero to the current bound ("full jitter"), so that many callers
 * throttled together do not retry together; after {@code maxAttempts} the throttling error is thrown.
 */
public final class ApiLimits {

    private static final Logger LOG = Logger.getLogger(ApiLimits.class);

    /** How long an idle scope's pacer is kept; far longer than the interval of any cap above 0.01/s. */
    static final Duration IDLE = Duration.ofMinutes(2);

    private final Map<AwsOperation, Double> rates;
    private final Map<AwsOperation, LongAdder> calls = new EnumMap<>(AwsOperation.class);
    private final Cache<String, CallPacer> pacers;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxAttempts;

    public ApiLimits(Map<AwsOperation, Double> overrides, Duration initialBackoff, Duration maxBackoff,
                     int maxAttempts) {
        this(overrides, initialBackoff, maxBackoff, maxAttempts, Ticker.systemTicker());
    }

    ApiLimits(Map<AwsOperation, Double> overrides, Duration initialBackoff, Duration maxBackoff, int maxAttempts,
              Ticker ticker) {
        EnumMap<AwsOperation, Double> all = new EnumMap<>(AwsOperation.class);
        for (AwsOperation operation : AwsOperation.values()) {
            all.put(operation, overrides.getOrDefault(operation, operation.publishedPerSecond()));
        }
        this.rates = all;
        for (AwsOperation operation : AwsOperation.values()) {
            calls.put(operation, new LongAdder());
        }
        this.pacers = Caffeine.newBuilder().expireAfterAccess(IDLE).ticker(ticker).build();
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    /** At AWS's published rates, backing off from 100 ms up to 20 s over at most 8 attempts. */
    public static ApiLimits published() {
        return published(Map.of());
    }

    /** The same with the rates of {@code overrides} in place of the published ones (configuration). */
    public static ApiLimits published(Map<AwsOperation, Double> overrides) {
        return new ApiLimits(overrides, Duration.ofMillis(100), Duration.ofSeconds(20), 8);
    }

    /**
     * The same with configured rates in place of the published ones: each key of {@code configured} is a call as
     * {@link #keyOf} writes it ({@code list-tables}), each value calls a second (0: no cap).
     *
     * @param prefix the configuration keys' prefix, for the error, e.g. {@code gfs.scheduler.limits.}
     * @throws IllegalArgumentException naming the key when it is not a call the services make or not a rate
     */
    public static ApiLimits configured(String prefix, Map<String, Double> configured) {
        Map<AwsOperation, Double> overrides = new EnumMap<>(AwsOperation.class);
        configured.forEach((key, rate) -> {
            AwsOperation operation = Arrays.stream(AwsOperation.values()).filter(o -> keyOf(o).equals(key))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(prefix + key + ": not an AWS call"
                            + " the services make; valid: " + Arrays.stream(AwsOperation.values())
                            .map(ApiLimits::keyOf).toList()));
            if (rate == null || rate < 0 || rate.isNaN() || rate.isInfinite()) {
                throw new IllegalArgumentException(prefix + key + ": " + rate
                        + " is not a rate; give calls a second, 0 or more (0: no cap)");
            }
            overrides.put(operation, rate);
        });
        return published(overrides);
    }

    /** A call as configuration names it: {@code LIST_TABLES} is {@code list-tables}. */
    public static String keyOf(AwsOperation operation) {
        return operation.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** No caps and no backoff (tests that are about something else). */
    public static ApiLimits none() {
        Map<AwsOperation, Double> off = new EnumMap<>(AwsOperation.class);
        for (AwsOperation operation : AwsOperation.values()) {
            off.put(operation, 0d);
        }
        return new ApiLimits(off, Duration.ZERO, Duration.ZERO, 1);
    }

    /** The rate {@code operation} is paced at, in calls a second (0: no cap). */
    public double rate(AwsOperation operation) {
        return rates.get(operation);
    }

    /** Waits for a permit of {@code operation} in {@code scope}; returns how long it waited, in nanoseconds. */
    public long acquire(AwsOperation operation, AwsScope scope) {
        calls.get(operation).increment();
        return pacers.get(operation.name() + "/" + scope.accountId() + "/" + scope.region(),
                key -> new CallPacer(rates.get(operation))).acquire();
    }

    /**
     * Makes one call: a permit first, and on a throttling error ({@link AwsErrors#throttling}) another permit and
     * another try after a jittered, growing delay, at most {@code maxAttempts} tries in all. Any other error is
     * thrown at once: what to do with it is the caller's business.
     */
    public <T> T call(AwsOperation operation, AwsScope scope, Supplier<T> call) {
        long bound = Math.max(1, initialBackoff.toNanos());
        for (int attempt = 1; ; attempt++) {
            acquire(operation, scope);
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!AwsErrors.throttling(e) || attempt >= maxAttempts) {
                    throw e;
                }
                long delay = ThreadLocalRandom.current().nextLong(bound + 1);
                LOG.debugf("%s in %s throttled (attempt %d), next try in %d ms: %s", operation.apiName(), scope,
                        attempt, delay / 1_000_000, AwsErrors.describe(e));
                sleep(delay);
                bound = Math.min(Math.max(1, maxBackoff.toNanos()), bound * 2);
            }
        }
    }

    /** How many calls of {@code operation} were permitted since this started (every try counts). */
    public long calls(AwsOperation operation) {
        return calls.get(operation).sum();
    }

    /** How many pacers are kept now (after pending expiries). */
    long pacers() {
        pacers.cleanUp();
        return pacers.estimatedSize();
    }

    private static void sleep(long nanos) {
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while backing off from throttling");
            }
        }
    }
}
