package io.gfsbackup.worker.service;

import io.gfsbackup.aws.AwsErrors;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import io.smallrye.faulttolerance.api.Guard;

/**
 * Retries CreateBackup, DeleteBackup and a restore's calls with exponential backoff and jitter (SmallRye Fault Tolerance), on the
 * errors {@link AwsErrors#retryable} names. {@link StartWindowEndedException} is never retried: the create path
 * throws it from an attempt once the due's start window is over, which ends the retries.
 */
public final class RetryPolicy {

    private final Guard createGuard;
    private final Guard deleteGuard;
    private final Guard restoreGuard;

    public RetryPolicy(Duration initialDelay, Duration maxDelay, Duration jitter, Duration deleteMaxDuration,
                       WorkerMetrics metrics) {
        this.createGuard = build("CreateBackup", initialDelay, maxDelay, jitter, Duration.ofDays(365), metrics);
        this.deleteGuard = build("DeleteBackup", initialDelay, maxDelay, jitter, deleteMaxDuration, metrics);
        this.restoreGuard = build("Restore", initialDelay, maxDelay, jitter, Duration.ofDays(365), metrics);
    }

    private static Guard build(String name, Duration initialDelay, Duration maxDelay, Duration jitter,
                               Duration maxDuration, WorkerMetrics metrics) {
        long delay = Math.max(1, initialDelay.toMillis());
        return Guard.create()
                .withDescription(name)
                .withRetry()
                .maxRetries(-1)
                .delay(delay, ChronoUnit.MILLIS)
                .jitter(Math.min(jitter.toMillis(), delay), ChronoUnit.MILLIS)
                .maxDuration(Math.max(delay + 1, maxDuration.toMillis()), ChronoUnit.MILLIS)
                .whenException(error -> !(error instanceof StartWindowEndedException) && AwsErrors.retryable(error))
                .beforeRetry(metrics::retried)
                .withExponentialBackoff().factor(2).maxDelay(Math.max(delay, maxDelay.toMillis()), ChronoUnit.MILLIS).done()
                .done()
                .build();
    }

    /** Runs a create attempt until it succeeds, fails for good, or its window ends (the attempt throws then). */
    public <T> T create(Supplier<T> attempt, Class<T> type) {
        return createGuard.get(attempt, type);
    }

    /**
     * Runs a restore's call until it succeeds or fails for good: a restore that meets DynamoDB's limits
     * ({@code LimitExceededException}, throttling) queues, it never fails for them.
     */
    public <T> T restore(Supplier<T> attempt, Class<T> type) {
        return restoreGuard.get(attempt, type);
    }

    /** Runs a delete attempt until it succeeds, fails for good, or the delete retry time is used up. */
    public <T> T delete(Supplier<T> attempt, Class<T> type) {
        return deleteGuard.get(attempt, type);
    }
}
