package io.gfsbackup.policy.rest;

import java.util.List;

import io.gfsbackup.contracts.policy.Violation;

/** A request body or parameter that is not valid; answered 400 with every violation. */
public class InvalidRequestException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(violations.size() + " problem(s) in the request");
        this.violations = List.copyOf(violations);
    }

    public static InvalidRequestException of(String field, String message) {
        return new InvalidRequestException(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
