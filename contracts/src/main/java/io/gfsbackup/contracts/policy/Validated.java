package io.gfsbackup.contracts.policy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of reading input that may be invalid: either a value or every {@link Violation} found, never
 * both.
 *
 * @param <T> the type of the value
 */
public final class Validated<T> {

    private final T value;
    private final List<Violation> violations;

    private Validated(T value, List<Violation> violations) {
        this.value = value;
        this.violations = List.copyOf(violations);
    }

    public static <T> Validated<T> valid(T value) {
        return new Validated<>(java.util.Objects.requireNonNull(value, "value"), List.of());
    }

    public static <T> Validated<T> invalid(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid result needs at least one violation");
        }
        return new Validated<>(null, violations);
    }

    public boolean isValid() {
        return violations.isEmpty();
    }

    /** The problems found; empty when valid. */
    public List<Violation> violations() {
        return violations;
    }

    /** The value when valid. */
    public Optional<T> toOptional() {
        return Optional.ofNullable(value);
    }

    /**
     * The value.
     *
     * @throws IllegalStateException listing the violations when invalid
     */
    public T value() {
        if (!isValid()) {
            throw new IllegalStateException("invalid: " + violations.stream().map(Violation::toString)
                    .collect(Collectors.joining("; ")));
        }
        return value;
    }

    @Override
    public String toString() {
        return isValid() ? "Valid[" + value + "]" : "Invalid" + violations;
    }
}
