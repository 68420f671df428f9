package io.gfsbackup.contracts.retention;

import io.gfsbackup.contracts.messages.RestoreTestResult;

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
 * @param at   when it ended (the message's {@code occurredAt}): the audit shows it from then on
 * @param test whether it is a run of the policy's restore test
 */
public record RestoreEnded(Instant slot, Instant at, UUID restoreId, String backupArn, String targetArn,
                           String requestedBy, Instant requestedAt, boolean test,
                           io.gfsbackup.contracts.messages.RestoreEnded.Outcome outcome, Instant startedAt,
                           Instant activeAt, Duration timeToRestore, String error, List<String> warnings,
                           RestoreTestResult validation) implements ChainEvent {

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
