package io.gfsbackup.retention.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.jboss.logging.Logger;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.BackupFailed;
import io.gfsbackup.contracts.messages.BackupMissed;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.retention.PointRecorded;
import io.gfsbackup.retention.api.AdvanceChain;
import io.gfsbackup.retention.api.ChainOutcome;
import io.gfsbackup.retention.api.PlaceLegalHold;
import io.gfsbackup.retention.api.RecordBackupCreated;
import io.gfsbackup.retention.api.RecordBackupDeleted;
import io.gfsbackup.retention.api.RecordLostSlot;
import io.gfsbackup.retention.api.ReleaseLegalHold;
import io.gfsbackup.retention.config.AxonRuntime;
import io.gfsbackup.retention.query.ChainEntity;
import io.gfsbackup.retention.query.HandledMessageEntity;
import io.gfsbackup.retention.query.RestorePointEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Sends the chain commands, each in one JTA transaction with what it touches: the events (Axon joins the
 * transaction), the {@code chain} row with the chain's next due instant, the backup of a new point, and the id of
 * the message that caused it. Commands of one chain are serialised in this process (a striped lock held until
 * the commit), a concurrent append from another process is retried, and a chain whose transaction did not
 * commit is evicted from Axon's aggregate cache.
 *
 * <p>{@link #handleAll} handles a batch of messages in one transaction: what the Kafka consumer does with each
 * poll, for throughput. If the batch fails, the consumer handles its messages one by one ({@link #handle}).
 */
@ApplicationScoped
public class ChainCommands {

    private static final Logger LOG = Logger.getLogger(ChainCommands.class);
    private static final int STRIPES = 64;
    private static final int ATTEMPTS = 5;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    @Inject
    AxonRuntime axon;

    @Inject
    Clock clock;

    @Inject
    TransactionSynchronizationRegistry synchronizations;

    public ChainCommands() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** What became of a message from {@code backup-events}. */
    public enum Handled { APPLIED, UNCHANGED, DUPLICATE }

    /**
     * Handles one {@code backup-events} message.
     *
     * @throws UnsupportedMessageException when it is not a message this service handles
     * @throws AggregateNotFoundException  when a BackupDeleted names a chain that does not exist
     * @throws IllegalArgumentException    when the message is invalid (e.g. a carry deadline before its slot)
     */
    public Handled handle(Message message) {
        return handleAll(List.of(message)).get(0);
    }

    /** Handles messages in order, in one transaction: all of them take effect, or none. */
    public List<Handled> handleAll(List<Message> messages) {
        Set<UUID> chains = new HashSet<>();
        for (Message message : messages) {
            chains.add(chainOf(message));
        }
        return inTransaction(chains, () -> {
            Set<UUID> seen = handledAlready(messages);
            List<Handled> results = new ArrayList<>(messages.size());
            for (Message message : messages) {
                if (!seen.add(message.id())) {
                    results.add(Handled.DUPLICATE);
                    continue;
                }
                ChainOutcome outcome = apply(message);
                HandledMessageEntity handled = new HandledMessageEntity();
                handled.messageId = message.id();
                handled.messageType = message.type();
                handled.handledAt = clock.instant();
                handled.persist();
                results.add(outcome.events().isEmpty() ? Handled.UNCHANGED : Handled.APPLIED);
            }
            return results;
        });
    }

    /** Applies everything due in a chain at or before {@code now}. */
    public ChainOutcome advance(UUID chainId, Instant now) {
        return inTransaction(Set.of(chainId), () -> {
            ChainOutcome outcome = send(new AdvanceChain(chainId, now));
            updateNextDue(chainId, outcome);
            return outcome;
        });
    }

    /** Places a legal hold on a point now (the injected clock's instant). */
    public ChainOutcome placeLegalHold(UUID chainId, Instant slot) {
        return inTransaction(Set.of(chainId), () -> {
            ChainOutcome outcome = send(new PlaceLegalHold(chainId, slot, clock.instant()));
            updateNextDue(chainId, outcome);
            return outcome;
        });
    }

    /** Releases the legal hold on a point now; with no flags left it expires now. */
    public ChainOutcome releaseLegalHold(UUID chainId, Instant slot) {
        return inTransaction(Set.of(chainId), () -> {
            ChainOutcome outcome = send(new ReleaseLegalHold(chainId, slot, clock.instant()));
            updateNextDue(chainId, outcome);
            return outcome;
        });
    }

    private ChainOutcome apply(Message message) {
        if (message instanceof BackupCreated created) {
            DueSlot due = created.due();
            UUID chainId = chainOf(message);
            ChainOutcome outcome = send(new RecordBackupCreated(chainId, due.policyId(), due.table(), due.slot(),
                    due.flags(), due.retention(), created.backupArn()));
            chainRow(chainId, due.policyId(), due.table(), outcome);
            if (outcome.events().stream().anyMatch(PointRecorded.class::isInstance)) {
                RestorePointEntity point = new RestorePointEntity();
                point.chainId = chainId;
                point.slot = due.slot();
                point.backupArn = created.backupArn();
                point.backupName = created.backupName();
                point.persist();
            }
            return outcome;
        }
        if (message instanceof BackupMissed missed) {
            return lostSlot(chainOf(message), missed.due());
        }
        if (message instanceof BackupFailed failed) {
            return lostSlot(chainOf(message), failed.due());
        }
        BackupDeleted deleted = (BackupDeleted) message;
        UUID chainId = chainOf(message);
        ChainOutcome outcome = send(new RecordBackupDeleted(chainId, deleted.slot(), deleted.occurredAt()));
        chainRow(chainId, deleted.policyId(), deleted.table(), outcome);
        return outcome;
    }

    private ChainOutcome lostSlot(UUID chainId, DueSlot due) {
        ChainOutcome outcome = send(new RecordLostSlot(chainId, due.policyId(), due.table(), due.slot(),
                due.flags(), due.carryDeadlines()));
        chainRow(chainId, due.policyId(), due.table(), outcome);
        return outcome;
    }

    private static UUID chainOf(Message message) {
        if (message instanceof BackupCreated created) {
            return Ids.chainId(created.due().policyId(), created.due().table().arn());
        }
        if (message instanceof BackupMissed missed) {
            return Ids.chainId(missed.due().policyId(), missed.due().table().arn());
        }
        if (message instanceof BackupFailed failed) {
            return Ids.chainId(failed.due().policyId(), failed.due().table().arn());
        }
        if (message instanceof BackupDeleted deleted) {
            return Ids.chainId(deleted.policyId(), deleted.table().arn());
        }
        throw new UnsupportedMessageException(message.type() + " is not handled by retention; it handles "
                + "BackupCreated, BackupFailed, BackupMissed and BackupDeleted");
    }

    /** The ids among {@code messages} that an earlier transaction handled: one query for the batch. */
    private static Set<UUID> handledAlready(List<Message> messages) {
        List<UUID> ids = messages.stream().map(Message::id).toList();
        return new HashSet<>(HandledMessageEntity.<HandledMessageEntity>list("messageId in ?1", ids).stream()
                .map(handled -> handled.messageId).toList());
    }

    private <T> T inTransaction(Set<UUID> chainIds, Supplier<T> work) {
        SortedSet<Integer> stripes = new TreeSet<>();
        chainIds.forEach(chainId -> stripes.add(Math.floorMod(chainId.hashCode(), STRIPES)));
        stripes.forEach(stripe -> locks[stripe].lock());
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return QuarkusTransaction.requiringNew().call(() -> {
                        evictUnlessCommitted(chainIds);
                        return work.get();
                    });
                } catch (ConcurrencyException e) {
                    if (attempt == ATTEMPTS) {
                        throw e;
                    }
                    LOG.debugf("a chain of %s changed concurrently; retrying (%d)", chainIds, attempt);
                }
            }
        } finally {
            stripes.forEach(stripe -> locks[stripe].unlock());
        }
    }

    /** Axon caches a chain when its unit of work ends; only a committed transaction may leave it there. */
    private void evictUnlessCommitted(Set<UUID> chainIds) {
        synchronizations.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to do before the commit
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    chainIds.forEach(chainId -> axon.evict(chainId.toString()));
                }
            }
        });
    }

    private ChainOutcome send(Object command) {
        return axon.commandGateway().sendAndWait(command);
    }

    private static void chainRow(UUID chainId, UUID policyId, TableRef table, ChainOutcome outcome) {
        ChainEntity chain = ChainEntity.findById(chainId);
        if (chain == null) {
            chain = new ChainEntity();
            chain.chainId = chainId;
            chain.policyId = policyId;
            chain.tableArn = table.arn();
            chain.tableRegion = table.region();
            chain.tableAccount = table.accountId();
            chain.tableName = table.name();
            chain.nextDueAt = outcome.nextDueAt();
            chain.persist();
        } else if (!java.util.Objects.equals(chain.nextDueAt, outcome.nextDueAt())) {
            chain.nextDueAt = outcome.nextDueAt();
        }
    }

    private static void updateNextDue(UUID chainId, ChainOutcome outcome) {
        ChainEntity chain = ChainEntity.findById(chainId);
        if (chain != null) {
            chain.nextDueAt = outcome.nextDueAt();
        }
    }
}
