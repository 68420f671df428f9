package io.gfsbackup.worker.persistence;

/**
 * The ledger or the legal-hold table cannot be used (it was deleted, or is being restored). Every due and deletion
 * needs them, so the worker waits instead of failing or dead-lettering: the consumers retry this as a transient
 * failure, and the readiness check {@code DynamoDB ledger} is DOWN meanwhile.
 */
public class TableUnavailableException extends RuntimeException {

    public TableUnavailableException(String what, Throwable cause) {
        super(what + " cannot be used (" + cause.getMessage() + "); waiting for it", cause);
    }
}
