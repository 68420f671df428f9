package io.gfsbackup.operations.rest;

import java.util.List;

import io.gfsbackup.contracts.policy.Violation;

/** A restore request that is not valid: answered with 400 listing every violation. */
public class InvalidRestoreException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRestoreException(List<Violation> violations) {
        super(violations.toString());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
