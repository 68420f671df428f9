package io.gfsbackup.contracts.messages;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * How a restore ended: {@code COMPLETED} (the new table is ACTIVE and, for a test, passed its validation) or
 * {@code FAILED} with {@code error}. {@code startedAt} is when {@code RestoreTableFromBackup} was first called,
 * {@code activeAt} when the table was seen ACTIVE (null if it never was); {@code warnings} name settings that could
 * not be re-applied. {@code validation} is set for a test. On {@link Topics#BACKUP_EVENTS}, keyed by the source table's
 * ARN. One per restore: its id follows from the restore id.
 */
public record RestoreEnded(UUID id, Instant occurredAt, UUID restoreId, RestoreSource source, TableRef target,
                           String requestedBy, Instant requestedAt, Outcome outcome, Instant startedAt,
                           Instant activeAt, String error, List<String> warnings, RestoreTestResult validation)
        implements Message {

    public enum Outcome { COMPLETED, FAILED }

    public RestoreEnded {
        Require.present(id, "id");
        Require.present(occurredAt, "occurredAt");
        Require.present(restoreId, "restoreId");
        Require.present(source, "source");
        Require.present(target, "target");
        Require.present(requestedBy, "requestedBy");
        Require.present(requestedAt, "requestedAt");
        Require.present(outcome, "outcome");
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public static UUID idOf(UUID restoreId) {
        return Ids.nameBased("restore-ended", restoreId);
    }

    public static RestoreEnded completed(RestoreRequested request, Instant startedAt, Instant activeAt,
                                         List<String> warnings, RestoreTestResult validation, Instant occurredAt) {
        boolean passed = validation == null || validation.passed();
        return new RestoreEnded(idOf(request.restoreId()), occurredAt, request.restoreId(), request.source(),
                request.target(), request.requestedBy(), request.requestedAt(),
                passed ? Outcome.COMPLETED : Outcome.FAILED, startedAt, activeAt,
                passed ? null : "validation failed: " + validation.detail(), warnings, validation);
    }

    public static RestoreEnded failed(RestoreRequested request, Instant startedAt, String error, Instant occurredAt) {
        return new RestoreEnded(idOf(request.restoreId()), occurredAt, request.restoreId(), request.source(),
                request.target(), request.requestedBy(), request.requestedAt(), Outcome.FAILED, startedAt, null, error,
                List.of(), null);
    }

    /** The time to restore: from the first call to the table being ACTIVE; null if it never was. */
    public Duration timeToRestore() {
        return startedAt == null || activeAt == null ? null : Duration.between(startedAt, activeAt);
    }
}
