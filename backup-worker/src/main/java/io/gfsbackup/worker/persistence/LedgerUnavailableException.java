package io.gfsbackup.worker.persistence;

/**
 * The ledger table cannot be used (it was deleted, or is being restored). Every due and deletion needs it, so the
 * worker waits for it instead of failing or dead-lettering them: the consumers retry this as a transient failure,
 * and the readiness check {@code DynamoDB ledger} is DOWN meanwhile.
 */
public class LedgerUnavailableException extends RuntimeException {

    public LedgerUnavailableException(String table, Throwable cause) {
        super("the ledger table " + table + " cannot be used (" + cause.getMessage() + "); waiting for it", cause);
    }
}
