package io.gfsbackup.retention.command;

import java.util.function.IntConsumer;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Runs something when the current JTA transaction has ended, with its outcome ({@code jakarta.transaction.Status}). */
final class AfterCompletion {

    private AfterCompletion() {
    }

    static void register(TransactionSynchronizationRegistry synchronizations, IntConsumer onStatus) {
        synchronizations.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit
            }

            @Override
            public void afterCompletion(int status) {
                onStatus.accept(status);
            }
        });
    }
}
