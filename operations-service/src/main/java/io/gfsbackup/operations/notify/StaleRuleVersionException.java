package io.gfsbackup.operations.notify;

/** A write named a version of a rule (If-Match) that is no longer its current one. */
public class StaleRuleVersionException extends RuntimeException {

    public StaleRuleVersionException(long expected, long current) {
        super("If-Match names version " + expected + " but the rule is at version " + current
                + "; read it again, apply your change and send its ETag");
    }
}
