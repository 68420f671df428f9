package io.gfsbackup.retention.config;

import jakarta.transaction.Status;
import jakarta.transaction.SystemException;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * Axon's {@link TransactionManager} on the Quarkus JTA transaction manager (Narayana). When a JTA transaction is
 * already active on the thread, Axon joins it: the events of a command, the read models written around it and
 * the handled-message record then commit or roll back together. Otherwise Axon gets a transaction of its own
 * (tracking processors, snapshots).
 */
public final class JtaTransactionManager implements TransactionManager {

    private static final Transaction JOINED = new Transaction() {
        @Override
        public void commit() {
            // the owner of the surrounding transaction commits it
        }

        @Override
        public void rollback() {
            // the owner of the surrounding transaction rolls back; the exception reaches it
        }
    };

    private final jakarta.transaction.TransactionManager jta;

    public JtaTransactionManager(jakarta.transaction.TransactionManager jta) {
        this.jta = jta;
    }

    @Override
    public Transaction startTransaction() {
        try {
            if (jta.getStatus() != Status.STATUS_NO_TRANSACTION) {
                return JOINED;
            }
            jta.begin();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a JTA transaction", e);
        }
        return new Transaction() {
            @Override
            public void commit() {
                try {
                    if (jta.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
                        jta.rollback();
                        throw new IllegalStateException("the transaction was marked for rollback");
                    }
                    jta.commit();
                } catch (IllegalStateException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("cannot commit the JTA transaction", e);
                }
            }

            @Override
            public void rollback() {
                try {
                    if (jta.getStatus() != Status.STATUS_NO_TRANSACTION) {
                        jta.rollback();
                    }
                } catch (SystemException e) {
                    throw new IllegalStateException("cannot roll back the JTA transaction", e);
                }
            }
        };
    }
}
