package io.gfsbackup.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.SdkServiceException;

/** Pacing per operation, account and region, and backing off on throttling. */
class ApiLimitsTest {

    private static final AwsScope A = new AwsScope("111111111111", "us-east-1");
    private static final long MILLIS = 1_000_000;

    @Test
    void callsOfOneOperationInOneScopeArePacedAtItsRateAndOtherScopesAndOperationsDoNotWait() {
        ApiLimits limits = new ApiLimits(Map.of(AwsOperation.LIST_TABLES, 10d), Duration.ZERO, Duration.ZERO, 1);
        long started = System.nanoTime();
        long lastWait = 0;
        for (int i = 0; i < 6; i++) {
            lastWait = limits.acquire(AwsOperation.LIST_TABLES, A);
        }
        long elapsed = System.nanoTime() - started;

        // 10/s: six calls of the scope span five intervals of 100 ms, each waiting for its own
        assertThat(elapsed).isGreaterThanOrEqualTo(490 * MILLIS);
        assertThat(lastWait).isGreaterThan(50 * MILLIS);
        // the pacer of A is busy for another 100 ms; other accounts, regions and operations are not held up by it
        assertThat(limits.acquire(AwsOperation.LIST_TABLES, new AwsScope("222222222222", "us-east-1")))
                .isLessThan(50 * MILLIS);
        assertThat(limits.acquire(AwsOperation.LIST_TABLES, new AwsScope("111111111111", "eu-west-1")))
                .isLessThan(50 * MILLIS);
        assertThat(limits.acquire(AwsOperation.GET_RESOURCES, A)).isLessThan(50 * MILLIS);
        assertThat(limits.acquire(AwsOperation.LIST_TABLES, A)).isGreaterThan(20 * MILLIS);
        assertThat(limits.calls(AwsOperation.LIST_TABLES)).isEqualTo(9);
        assertThat(limits.calls(AwsOperation.GET_RESOURCES)).isEqualTo(1);
    }

    @Test
    void thePublishedRatesAreTheDefaultAndAnOverrideOfZeroSwitchesTheCapOff() {
        ApiLimits limits = new ApiLimits(Map.of(AwsOperation.CREATE_BACKUP, 0d), Duration.ZERO, Duration.ZERO, 1);
        assertThat(limits.rate(AwsOperation.DELETE_BACKUP)).isEqualTo(10);
        assertThat(limits.rate(AwsOperation.LIST_BACKUPS)).isEqualTo(5);
        assertThat(limits.rate(AwsOperation.CREATE_BACKUP)).isZero();
        long started = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            limits.acquire(AwsOperation.CREATE_BACKUP, A);
        }
        assertThat(System.nanoTime() - started).isLessThan(500 * MILLIS);
    }

    @Test
    void aThrottledCallIsTriedAgainAfterABackoffUntilItSucceeds() {
        ApiLimits limits = new ApiLimits(Map.of(), Duration.ofMillis(20), Duration.ofMillis(100), 4);
        AtomicInteger tries = new AtomicInteger();

        String answer = limits.call(AwsOperation.LIST_TABLES, A, () -> {
            if (tries.incrementAndGet() <= 2) {
                throw throttled();
            }
            return "listed";
        });

        assertThat(answer).isEqualTo("listed");
        assertThat(tries).hasValue(3);
        assertThat(limits.calls(AwsOperation.LIST_TABLES)).as("every try takes a permit").isEqualTo(3);
    }

    @Test
    void throttlingBeyondTheLastAttemptIsThrownAndOtherErrorsAreThrownAtOnce() {
        ApiLimits limits = new ApiLimits(Map.of(), Duration.ofMillis(10), Duration.ofMillis(20), 2);
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> limits.call(AwsOperation.LIST_TABLES, A, () -> {
            tries.incrementAndGet();
            throw throttled();
        })).isInstanceOf(SdkServiceException.class);
        assertThat(tries).hasValue(2);

        AtomicInteger invalid = new AtomicInteger();
        assertThatThrownBy(() -> limits.call(AwsOperation.GET_RESOURCES, A, () -> {
            invalid.incrementAndGet();
            throw SdkServiceException.builder().statusCode(400).message("ValidationException").build();
        })).hasMessageContaining("ValidationException");
        assertThat(invalid).hasValue(1);
    }

    @Test
    void theBackoffGrowsUpToItsBoundAndIsDrawnAtRandomBelowIt() {
        // uncapped, so only the backoff waits. Full jitter: each delay is uniform in [0, bound], the bounds 40, 80
        // and 80 ms (doubling, capped): a run waits 200 ms at most and about 100 ms on average
        ApiLimits limits = new ApiLimits(Map.of(AwsOperation.DESCRIBE_TABLE, 0d), Duration.ofMillis(40),
                Duration.ofMillis(80), 4);
        long total = 0;
        int runs = 10;
        for (int run = 0; run < runs; run++) {
            AtomicInteger tries = new AtomicInteger();
            long started = System.nanoTime();
            limits.call(AwsOperation.DESCRIBE_TABLE, A, () -> {
                if (tries.incrementAndGet() <= 3) {
                    throw throttled();
                }
                return tries.get();
            });
            long elapsed = System.nanoTime() - started;
            total += elapsed;
            assertThat(elapsed).isLessThan(200 * MILLIS + 100 * MILLIS);
        }
        assertThat(total / runs).isBetween(40 * MILLIS, 200 * MILLIS);
    }

    private static SdkServiceException throttled() {
        return SdkServiceException.builder().statusCode(429).message("Rate exceeded").build();
    }
}
