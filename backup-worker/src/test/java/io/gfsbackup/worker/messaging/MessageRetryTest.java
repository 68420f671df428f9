package io.gfsbackup.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.messaging.Backoff;
import io.gfsbackup.messaging.Retrying;
import io.gfsbackup.worker.service.BackupCreation;
import io.gfsbackup.worker.service.InvalidMessageException;
import io.gfsbackup.worker.service.RestoreInProgressException;
import io.gfsbackup.worker.support.Dues;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;

/**
 * The retry in front of SmallRye's dead-letter strategy: what passes by itself is retried until it does, never
 * handed to SmallRye (which would dead-letter it); anything else is tried three times, then handed over.
 */
class MessageRetryTest {

    private static final MessageRetry FAST = new MessageRetry(new Retrying.Policy(MessageRetry.FAILURES,
            new Backoff(Duration.ofMillis(5), Duration.ofMillis(50)), 3));

    private final BackupDue due = Dues.due(UUID.randomUUID(), Dues.table("orders"),
            Instant.parse("2026-01-05T07:00:00Z"), Duration.ofHours(1));
    private final List<Message> published = new CopyOnWriteArrayList<>();
    private final OutcomePublisher publisher = new OutcomePublisher() {
        @Override
        public void publish(String tableArn, Message outcome) {
            published.add(outcome);
        }
    };

    @Test
    void anUnreachableOrThrottledDynamoDbIsRetriedUntilItPassesAndTheOutcomeIsPublishedOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        BackupDueConsumer consumer = new BackupDueConsumer(creation(() -> {
            int call = calls.incrementAndGet();
            if (call <= 4) {
                throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
            }
            if (call <= 8) {
                throw LimitExceededException.builder().message("Subscriber limit exceeded").build();
            }
        }), publisher, FAST);

        consumer.consume(Messages.toJson(due));

        assertThat(calls).hasValue(9);
        assertThat(published).containsExactly(due);
    }

    @Test
    void anInvalidDueIsTriedThreeTimesAndThenHandedToTheDeadLetterStrategy() {
        AtomicInteger calls = new AtomicInteger();
        BackupDueConsumer consumer = new BackupDueConsumer(creation(() -> {
            calls.incrementAndGet();
            throw new InvalidMessageException("due id is not the id of its slot");
        }), publisher, FAST);

        assertThatThrownBy(() -> consumer.consume(Messages.toJson(due)))
                .isInstanceOf(InvalidMessageException.class);
        assertThat(calls).hasValue(3);
        assertThat(published).isEmpty();
    }

    @Test
    void aDeletionDeferredByARestoreInProgressIsTransientRetriedAndNeverDeadLettered() {
        assertThat(MessageRetry.FAILURES.isTransient(new RestoreInProgressException(
                "arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01",
                java.util.Map.of(java.util.UUID.randomUUID(), java.time.Instant.now())))).isTrue();
        assertThat(MessageRetry.FAILURES.isTransient(new InvalidMessageException("refused"))).isFalse();
    }

    /** A creation that runs {@code before} and then answers with the due itself as its "outcome". */
    private static BackupCreation creation(Runnable before) {
        return new BackupCreation(null, null, null, null, null, null, null, null, null, null, null) {
            @Override
            public Message handle(BackupDue handled) {
                before.run();
                return handled;
            }
        };
    }
}
