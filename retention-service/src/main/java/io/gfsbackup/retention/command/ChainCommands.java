package io.gfsbackup.retention.command;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
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
import io.gfsbackup.contracts.messages.RestoreEnded;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.RestoreStarted;
import io.gfsbackup.contracts.messages.RestoreTestResult;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.retention.ChainEvent;
import io.gfsbackup.contracts.retention.DeletionRefused;
import io.gfsbackup.contracts.retention.PointRecorded;
import io.gfsbackup.retention.api.AdvanceChain;
import io.gfsbackup.retention.api.BackupEventCommand;
import io.gfsbackup.retention.api.ChainOutcome;
import io.gfsbackup.retention.api.ExpiryBudget;
import io.gfsbackup.retention.api.PlaceLegalHold;
import io.gfsbackup.retention.api.RecordBackupCreated;
import io.gfsbackup.retention.api.RecordBackupDeleted;
import io.gfsbackup.retention.api.RecordBackupEvents;
import io.gfsbackup.retention.api.RecordLostSlot;
import io.gfsbackup.retention.api.RecordArchiveOutcome;
import io.gfsbackup.retention.api.RecordRestoreEnded;
import io.gfsbackup.retention.api.RecordRestoreStarted;
import io.gfsbackup.retention.api.ReleaseLegalHold;
import io.gfsbackup.retention.query.BatchWrites;
import io.gfsbackup.retention.query.ChainEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Sends the chain commands, each in one JTA transaction with what it touches: the events (Axon joins the
 * transaction), the {@code chain} row with the chain's next due instant, the backup of a new point, and the id of
 * the message that caused it. Commands of one chain are serialised in this process (a striped lock held until
 * the commit), a concurrent append from another process is retried, and a chain whose transaction did not
 * commit is evicted from Axon's aggregate cache.
 *
 * <p>{@link #handleAll} handles a batch of messages in one transaction and one Axon root unit of work (the events
 * of the whole batch are appended in one JDBC batch): what the Kafka consumer does with each poll, for throughput.
 * If the batch fails, the consumer handles its messages one by one ({@link #handle}).
 */
@ApplicationScoped
public class ChainCommands {

    private static final Logger LOG = Logger.getLogger(ChainCommands.class);
    private static final int STRIPES = 64;
    private static final int ATTEMPTS = 5;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    @Inject
    CommandGateway gateway;

    /** Axon's cache of loaded chains: a chain whose transaction did not commit is evicted from it. */
    @Inject
    Cache aggregateCache;

    @Inject
    Clock clock;

    @Inject
    TransactionSynchronizationRegistry synchronizations;

    @Inject
    BatchWrites writes;

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
     * @throws AggregateNotFoundException  when a BackupDeleted, RestoreStarted or RestoreEnded names a chain that does
     *                                     not exist
     * @throws io.gfsbackup.retention.api.UnknownPointException when a restore names a slot that is no point of its
     *                                     chain
     * @throws IllegalArgumentException    when the message is invalid (e.g. a carry deadline before its slot)
     */
    public Handled handle(Message message) {
        return handleAll(List.of(message)).get(0);
    }

    /**
     * Handles messages in one transaction: all of them take effect, or none. The messages of one chain are sent as
     * one {@link RecordBackupEvents} command, in their order; chains are independent of each other.
     */
    public List<Handled> handleAll(List<Message> messages) {
        List<UUID> chainIds = messages.stream().map(ChainCommands::chainOf).toList();
        return inTransaction(new HashSet<>(chainIds), () -> inOneUnitOfWork(() -> {
            Set<UUID> seen = writes.handledAmong(messages.stream().map(Message::id).toList());
            Handled[] results = new Handled[messages.size()];
            Map<UUID, List<Integer>> byChain = new LinkedHashMap<>();
            for (int i = 0; i < messages.size(); i++) {
                if (seen.add(messages.get(i).id())) {
                    byChain.computeIfAbsent(chainIds.get(i), chain -> new ArrayList<>()).add(i);
                } else {
                    results[i] = Handled.DUPLICATE;
                }
            }
            Instant now = clock.instant();
            List<BatchWrites.Handled> handled = new ArrayList<>();
            List<BatchWrites.Point> points = new ArrayList<>();
            byChain.forEach((chainId, indexes) -> {
                List<BackupEventCommand> chainCommands = indexes.stream()
                        .map(i -> commandOf(chainId, messages.get(i))).toList();
                List<ChainOutcome> outcomes = gateway.sendAndWait(
                        new RecordBackupEvents(chainId, chainCommands));
                for (int k = 0; k < indexes.size(); k++) {
                    Message message = messages.get(indexes.get(k));
                    ChainOutcome outcome = outcomes.get(k);
                    warnOfRefusedDeletions(chainId, message, outcome);
                    if (message instanceof BackupCreated created
                            && outcome.events().stream().anyMatch(PointRecorded.class::isInstance)) {
                        points.add(new BatchWrites.Point(chainId, created.due().slot(), created.backupArn(),
                                created.backupName()));
                    }
                    handled.add(new BatchWrites.Handled(message.id(), message.type(), now));
                    results[indexes.get(k)] = outcome.events().isEmpty() ? Handled.UNCHANGED : Handled.APPLIED;
                }
                Message first = messages.get(indexes.get(0));
                chainRow(chainId, policyOf(first), tableOf(first), outcomes.get(outcomes.size() - 1));
            });
            writes.insert(handled, points);
            return List.of(results);
        }));
    }

    /**
     * Runs the commands of {@code work} as nested units of work of one Axon root unit of work: each command is
     * handled at once, but their events are appended together when the root commits (one JDBC batch instead of one
     * insert per command), and a chain loaded by one command is the same instance for the next. Whatever happens,
     * no unit of work is left on the thread.
     */
    private static <T> T inOneUnitOfWork(Supplier<T> work) {
        UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(new GenericMessage<>("backup-events batch"));
        try {
            T result = work.get();
            root.commit();
            return result;
        } catch (RuntimeException | Error e) {
            if (root.isActive()) {
                root.rollback(e);
            }
            throw e;
        } finally {
            while (CurrentUnitOfWork.isStarted()) {
                UnitOfWork<?> left = CurrentUnitOfWork.get();
                LOG.warnf("a unit of work (phase %s) was left on the thread after a batch; rolling it back",
                        left.phase());
                if (left.isActive()) {
                    left.rollback();
                } else {
                    CurrentUnitOfWork.clear(left);
                }
            }
        }
    }

    /** Applies everything due in a chain at or before {@code now}. */
    public ChainOutcome advance(UUID chainId, Instant now) {
        return advance(chainId, now, ExpiryBudget.UNLIMITED, held -> { });
    }

    /**
     * Applies everything due in a chain at or before {@code now}, expiries only within {@code budget}; when it held
     * some back, {@code onHeld} gets their number in the same transaction (the clock guard records the pause there).
     */
    public ChainOutcome advance(UUID chainId, Instant now, ExpiryBudget budget, IntConsumer onHeld) {
        return inTransaction(Set.of(chainId), () -> {
            ChainOutcome outcome = send(new AdvanceChain(chainId, now, budget));
            updateNextDue(chainId, outcome);
            if (outcome.heldExpiries() > 0) {
                onHeld.accept(outcome.heldExpiries());
            }
            return outcome;
        });
    }

    /** Places a legal hold on a point at {@code at}, by {@code by} for {@code reason}. */
    public ChainOutcome placeLegalHold(UUID chainId, Instant slot, Instant at, String by, String reason) {
        return inTransaction(Set.of(chainId), () -> {
            ChainOutcome outcome = send(new PlaceLegalHold(chainId, slot, at, by, reason));
            updateNextDue(chainId, outcome);
            return outcome;
        });
    }

    /**
     * Releases the legal hold on a point at {@code at}, by {@code by} for {@code reason}; with no flags left it
     * expires then.
     */
    public ChainOutcome releaseLegalHold(UUID chainId, Instant slot, Instant at, String by, String reason) {
        return inTransaction(Set.of(chainId), () -> {
            ChainOutcome outcome = send(new ReleaseLegalHold(chainId, slot, at, by, reason));
            updateNextDue(chainId, outcome);
            return outcome;
        });
    }

    /** The chain command for a {@code backup-events} message of chain {@code chainId}. */
    private static BackupEventCommand commandOf(UUID chainId, Message message) {
        if (message instanceof BackupCreated created) {
            DueSlot due = created.due();
            return new RecordBackupCreated(chainId, due.policyId(), due.table(), due.slot(), due.flags(),
                    due.retention(), created.backupArn());
        }
        if (message instanceof BackupMissed missed) {
            return lostSlot(chainId, missed.due());
        }
        if (message instanceof BackupFailed failed) {
            return lostSlot(chainId, failed.due());
        }
        if (message instanceof RestoreStarted started) {
            RestoreSource source = started.source();
            return new RecordRestoreStarted(chainId, new io.gfsbackup.contracts.retention.RestoreStarted(
                    source.slot(), started.occurredAt(), started.restoreId(), source.backupArn(),
                    started.target().arn(), started.requestedBy(), started.requestedAt(), started.test(),
                    started.startedBy()));
        }
        if (message instanceof RestoreEnded ended) {
            RestoreSource source = ended.source();
            return new RecordRestoreEnded(chainId, new io.gfsbackup.contracts.retention.RestoreEnded(
                    source.slot(), ended.occurredAt(), ended.restoreId(), source.backupArn(), ended.target().arn(),
                    ended.requestedBy(), ended.requestedAt(), ended.validation() != null,
                    io.gfsbackup.contracts.retention.RestoreEnded.Outcome.valueOf(ended.outcome().name()),
                    ended.startedAt(), ended.activeAt(), ended.timeToRestore(), ended.error(), ended.warnings(),
                    validationOf(ended.validation())));
        }
        if (message instanceof io.gfsbackup.contracts.messages.PointArchived archived) {
            return new RecordArchiveOutcome(chainId, new io.gfsbackup.contracts.retention.PointArchived(
                    archived.point().slot(), archived.occurredAt(), archived.location(), archived.exportArn(),
                    archived.itemCount(), archived.storageClass(), archived.warmDeleted(), archived.archivedBy()));
        }
        if (message instanceof io.gfsbackup.contracts.messages.ArchiveFailed failed) {
            return new RecordArchiveOutcome(chainId, new io.gfsbackup.contracts.retention.ArchiveFailed(
                    failed.point().slot(), failed.occurredAt(), failed.attempt(), failed.error(), failed.failedBy()));
        }
        BackupDeleted deleted = (BackupDeleted) message;
        return new RecordBackupDeleted(chainId, deleted.slot(), deleted.occurredAt(), deleted.backupArn(),
                deleted.alreadyGone());
    }

    private static io.gfsbackup.contracts.retention.RestoreEnded.Validation validationOf(RestoreTestResult result) {
        return result == null ? null : new io.gfsbackup.contracts.retention.RestoreEnded.Validation(result.passed(),
                result.expectedItems(), result.scannedItems(), result.tolerance(), result.sampled(), result.readBack(),
                result.detail());
    }

    private static RecordLostSlot lostSlot(UUID chainId, DueSlot due) {
        return new RecordLostSlot(chainId, due.policyId(), due.table(), due.slot(), due.flags(),
                due.carryDeadlines());
    }

    private static UUID chainOf(Message message) {
        return Ids.chainId(policyOf(message), tableOf(message).arn());
    }

    private static UUID policyOf(Message message) {
        if (message instanceof BackupDeleted deleted) {
            return deleted.policyId();
        }
        RestoreSource restored = restoreSourceOf(message);
        return restored != null ? restored.policyId() : dueOf(message).policyId();
    }

    private static TableRef tableOf(Message message) {
        if (message instanceof BackupDeleted deleted) {
            return deleted.table();
        }
        RestoreSource restored = restoreSourceOf(message);
        return restored != null ? restored.table() : dueOf(message).table();
    }

    /**
     * The point a RestoreStarted or RestoreEnded restores, or a PointArchived or ArchiveFailed archives; {@code null}
     * for other messages.
     */
    private static RestoreSource restoreSourceOf(Message message) {
        if (message instanceof RestoreStarted started) {
            return started.source();
        }
        if (message instanceof RestoreEnded ended) {
            return ended.source();
        }
        if (message instanceof io.gfsbackup.contracts.messages.PointArchived archived) {
            return archived.point();
        }
        if (message instanceof io.gfsbackup.contracts.messages.ArchiveFailed failed) {
            return failed.point();
        }
        return null;
    }

    /** The due of a BackupCreated, BackupMissed or BackupFailed. */
    private static DueSlot dueOf(Message message) {
        if (message instanceof BackupCreated created) {
            return created.due();
        }
        if (message instanceof BackupMissed missed) {
            return missed.due();
        }
        if (message instanceof BackupFailed failed) {
            return failed.due();
        }
        throw new UnsupportedMessageException(message.type() + " is not handled by retention; it handles "
                + "BackupCreated, BackupFailed, BackupMissed, BackupDeleted, RestoreStarted, RestoreEnded, "
                + "PointArchived and ArchiveFailed");
    }

    private static void warnOfRefusedDeletions(UUID chainId, Message message, ChainOutcome outcome) {
        for (ChainEvent event : outcome.events()) {
            if (event instanceof DeletionRefused refused) {
                LOG.warnf("%s %s reports the backup %s of slot %s in chain %s deleted, but retention never expired "
                                + "that point; the chain keeps it and records the report (DeletionRefused)",
                        message.type(), message.id(), refused.backupArn(), refused.slot(), chainId);
            }
        }
    }

    /**
     * Runs {@code work} holding the locks of {@code chainIds}: no command of those chains runs in this process
     * meanwhile. The locks are re-entrant, so {@code work} may send commands of the same chains.
     */
    <T> T serialized(Set<UUID> chainIds, Supplier<T> work) {
        SortedSet<Integer> stripes = new TreeSet<>();
        chainIds.forEach(chainId -> stripes.add(Math.floorMod(chainId.hashCode(), STRIPES)));
        stripes.forEach(stripe -> locks[stripe].lock());
        try {
            return work.get();
        } finally {
            stripes.forEach(stripe -> locks[stripe].unlock());
        }
    }

    private <T> T inTransaction(Set<UUID> chainIds, Supplier<T> work) {
        return serialized(chainIds, () -> {
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
        });
    }

    /** Axon caches a chain when its unit of work ends; only a committed transaction may leave it there. */
    private void evictUnlessCommitted(Set<UUID> chainIds) {
        AfterCompletion.register(synchronizations, status -> {
            if (status != Status.STATUS_COMMITTED) {
                chainIds.forEach(chainId -> aggregateCache.remove(chainId.toString()));
            }
        });
    }

    private ChainOutcome send(Object command) {
        return gateway.sendAndWait(command);
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
