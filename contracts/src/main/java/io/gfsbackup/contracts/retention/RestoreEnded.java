package io.gfsbackup.contracts.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A restore of the point's backup ended at {@code at}: COMPLETED or FAILED with {@code error}, how long the table
 * took to become ACTIVE ({@code timeToRestore}, from the first {@code RestoreTableFromBackup} call; {@code null} if it
 * never did), the settings that could not be re-applied ({@code warnings}) and, for a run of the policy's restore
 * test, what its validation found ({@code validation}; {@code null} when it did not get that far). Like
 * {@link RestoreStarted} it changes no flag, hold or expiry. The run's seed is not in it: the operations service
 * records it with the run.
 *
 * <p>{@link Outcome} and {@link Validation} are the event store's own, not the message's: a stored event must read
 * back whatever becomes of the message it was made from (and this package does not depend on the messages).
 *
 * @param at   when it ended (the message's {@code occurredAt}): the audit shows it from then on
 * @param test whether it is a run of the policy's restore test
 */
public record RestoreEnded(Instant slot, Instant at, UUID restoreId, String backupArn, String targetArn,
                           String requestedBy, Instant requestedAt, boolean test,
                           Outcome outcome, Instant startedAt, Instant activeAt, Duration timeToRestore,
                           String error, List<String> warnings, Validation validation) implements ChainEvent {

    public enum Outcome { COMPLETED, FAILED }

    /**
     * What a restore test's validation found: the backup's item count as DynamoDB gave it ({@code expectedItems}),
     * the scratch table's {@code Scan} count, the tolerance (a fraction of the expected count), how many sampled
     * items read back by key out of how many were drawn, whether all of it passed and, in words, why not.
     */
    public record Validation(boolean passed, long expectedItems, long scannedItems, double tolerance, int sampled,
                             int readBack, String detail) {
    }

    public RestoreEnded {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(restoreId, "restoreId");
        Objects.requireNonNull(outcome, "outcome");
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The same end, recorded as a run of a restore test (its start said so, though the end carries no validation). */
    RestoreEnded asTest() {
        return new RestoreEnded(slot, at, restoreId, backupArn, targetArn, requestedBy, requestedAt, true, outcome,
                startedAt, activeAt, timeToRestore, error, warnings, validation);
    }
}
