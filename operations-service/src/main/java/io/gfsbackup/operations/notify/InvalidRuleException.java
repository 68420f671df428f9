package io.gfsbackup.operations.notify;

import java.util.List;

import io.gfsbackup.contracts.policy.Violation;

/** A notification rule request that is not valid; answered 400 with every violation. */
public class InvalidRuleException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRuleException(List<Violation> violations) {
        super(violations.size() + " problem(s) in the rule");
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
