package io.gfsbackup.worker.messaging;

import io.gfsbackup.aws.AwsErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.gfsbackup.messaging.Backoff;
import io.gfsbackup.messaging.Failures;
import io.gfsbackup.messaging.Retrying;
import io.gfsbackup.worker.config.WorkerConfig;
import io.gfsbackup.worker.persistence.TableUnavailableException;
import io.gfsbackup.worker.service.RestoreInProgressException;

/**
 * The retry that stands in front of SmallRye's dead-letter strategy, which would dead-letter any failure: the
 * consumers' shared rule ({@link Retrying}), with DynamoDB's throttling, 5xx and unreachable endpoints,  and a ledger or hold
 * table that is missing ({@link TableUnavailableException}) and a deletion that waits for a restore of its point
 * ({@link RestoreInProgressException}) added to the transient failures. A transient failure is retried until it passes (the record is neither acknowledged nor
 * dead-lettered meanwhile, so a worker stopped during an outage leaves it to the next one); any other failure is
 * tried three times, and then SmallRye dead-letters the message. Delays are {@code gfs.worker.retry.*}.
 */
@ApplicationScoped
public class MessageRetry {

    static final Failures FAILURES = Failures.standard().orTransientWhen(AwsErrors::retryable)
            .orTransientWhen(TableUnavailableException.class::isInstance)
            .orTransientWhen(RestoreInProgressException.class::isInstance);

    private final Retrying.Policy policy;

    @Inject
    MessageRetry(WorkerConfig config) {
        this(new Retrying.Policy(FAILURES, new Backoff(config.retry().initialDelay(), config.retry().maxDelay()), 3));
    }

    MessageRetry(Retrying.Policy policy) {
        this.policy = policy;
    }

    /** Runs {@code work} under the rule; throws what SmallRye then dead-letters. */
    public void run(String what, Retrying.Work work) throws Exception {
        Retrying.run(what, work, policy, () -> true);
    }
}
