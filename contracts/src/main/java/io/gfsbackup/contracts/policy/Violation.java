package io.gfsbackup.contracts.policy;

import java.util.Objects;

/**
 * One problem with a policy: the path of the offending field ({@code schedule.daily.times[1]}; empty for
 * the document as a whole) and a message saying what is wrong and what would be valid, as REST answers it
 * with HTTP 400 (retention-semantics, section 2).
 */
public record Violation(String field, String message) {

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** {@code field: message}, or only the message for the document as a whole. */
    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
