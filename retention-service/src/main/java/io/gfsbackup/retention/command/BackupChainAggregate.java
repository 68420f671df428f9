package io.gfsbackup.retention.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.CreationPolicy;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.retention.BackupChain;
import io.gfsbackup.contracts.retention.ChainEvent;
import io.gfsbackup.contracts.retention.ChainPoint;
import io.gfsbackup.contracts.retention.PointExpired;
import io.gfsbackup.retention.api.AdvanceChain;
import io.gfsbackup.retention.api.BackupEventCommand;
import io.gfsbackup.retention.api.ChainOpened;
import io.gfsbackup.retention.api.ChainSnapshot;
import io.gfsbackup.retention.api.ChainOutcome;
import io.gfsbackup.retention.api.PlaceLegalHold;
import io.gfsbackup.retention.api.PointNotAliveException;
import io.gfsbackup.retention.api.RecordBackupCreated;
import io.gfsbackup.retention.api.RecordBackupDeleted;
import io.gfsbackup.retention.api.RecordBackupEvents;
import io.gfsbackup.retention.api.RecordLostSlot;
import io.gfsbackup.retention.api.RecordArchiveOutcome;
import io.gfsbackup.retention.api.RecordRestoreEnded;
import io.gfsbackup.retention.api.RecordRestoreStarted;
import io.gfsbackup.retention.api.ReleaseLegalHold;
import io.gfsbackup.retention.api.UnknownPointException;

/**
 * One backup chain (one policy and one table), event-sourced. Every retention decision is the contracts
 * {@link BackupChain}'s: a command handler validates, asks the chain what follows, and applies each returned
 * {@link ChainEvent}; the event-sourcing handlers only feed the events back into the chain. The live service
 * therefore decides exactly what the simulation decides.
 *
 * <p>A snapshot of this aggregate is its identity plus the chain's events so far (the chain has no other
 * serialized form); loading from a snapshot replays them in memory instead of reading them row by row.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class BackupChainAggregate implements ChainSnapshot {

    @AggregateIdentifier
    @JsonProperty
    private UUID chainId;
    @JsonProperty
    private UUID policyId;
    @JsonProperty
    private TableRef table;
    private BackupChain chain = new BackupChain();
    private List<ChainEvent> history = new ArrayList<>();

    /** For Axon (event sourcing) and Jackson (snapshots). */
    protected BackupChainAggregate() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ChainOutcome handle(RecordBackupCreated command) {
        openIfNew(command.chainId(), command.policyId(), command.table());
        return decided(chain.recordPoint(command.slot(), command.flags(), command.backupArn(), command.retention()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ChainOutcome handle(RecordLostSlot command) {
        openIfNew(command.chainId(), command.policyId(), command.table());
        return decided(chain.recordLostSlot(command.slot(), command.flags(), command.carryDeadlines()));
    }

    @CommandHandler
    public ChainOutcome handle(RecordBackupDeleted command) {
        return decided(chain.recordDeletion(command.slot(), command.at(), command.backupArn(),
                command.alreadyGone()));
    }

    /** A restore's start: history of a known point, no retention decision. */
    @CommandHandler
    public ChainOutcome handle(RecordRestoreStarted command) {
        requirePoint(command.started().slot());
        return decided(chain.recordRestoreStarted(command.started()));
    }

    /** A restore's end: history of a known point, no retention decision. */
    @CommandHandler
    public ChainOutcome handle(RecordRestoreEnded command) {
        requirePoint(command.ended().slot());
        return decided(chain.recordRestoreEnded(command.ended()));
    }

    /** A point's archive copy made, or an attempt failed: history of a known point, no retention decision. */
    @CommandHandler
    public ChainOutcome handle(RecordArchiveOutcome command) {
        if (command.outcome() instanceof io.gfsbackup.contracts.retention.PointArchived archived) {
            requirePoint(archived.slot());
            return decided(chain.recordArchived(archived));
        }
        io.gfsbackup.contracts.retention.ArchiveFailed failed =
                (io.gfsbackup.contracts.retention.ArchiveFailed) command.outcome();
        requirePoint(failed.slot());
        return decided(chain.recordArchiveFailed(failed));
    }

    /** A restore names a point that retention recorded (an unknown one is an invalid message, for the DLQ). */
    private void requirePoint(Instant slot) {
        if (chain.point(slot).isEmpty()) {
            throw new UnknownPointException(chainId, slot);
        }
    }

    /** Each command of the batch in turn, decided as if sent alone; one outcome per command. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<ChainOutcome> handle(RecordBackupEvents batch) {
        List<ChainOutcome> outcomes = new ArrayList<>(batch.commands().size());
        for (BackupEventCommand command : batch.commands()) {
            if (command instanceof RecordBackupCreated created) {
                outcomes.add(handle(created));
            } else if (command instanceof RecordLostSlot lost) {
                outcomes.add(handle(lost));
            } else if (chainId == null) {
                throw new AggregateNotFoundException(batch.chainId().toString(), "no chain " + batch.chainId()
                        + " to record the " + what(command) + " in");
            } else if (command instanceof RecordBackupDeleted deleted) {
                outcomes.add(handle(deleted));
            } else if (command instanceof RecordRestoreStarted started) {
                outcomes.add(handle(started));
            } else if (command instanceof RecordArchiveOutcome archive) {
                outcomes.add(handle(archive));
            } else {
                outcomes.add(handle((RecordRestoreEnded) command));
            }
        }
        return outcomes;
    }

    /** What a command that needs an existing chain records, for the error when there is none. */
    private static String what(BackupEventCommand command) {
        if (command instanceof RecordBackupDeleted deleted) {
            return "deletion of slot " + deleted.slot();
        }
        if (command instanceof RecordRestoreStarted started) {
            return "start of restore " + started.started().restoreId() + " of slot " + started.started().slot();
        }
        if (command instanceof RecordArchiveOutcome archive) {
            return "archive outcome " + archive.outcome().getClass().getSimpleName() + " at "
                    + archive.outcome().at();
        }
        RecordRestoreEnded ended = (RecordRestoreEnded) command;
        return "end of restore " + ended.ended().restoreId() + " of slot " + ended.ended().slot();
    }

    /**
     * Everything due at the command's instant; when the due expiries are over its {@link ExpiryBudget}, none of them
     * is decided (they stay due) and the rest is: flags are unassigned on time, since the expiry instant of a point
     * is fixed by its flags' keep periods and not by when they were unassigned.
     */
    @CommandHandler
    public ChainOutcome handle(AdvanceChain command) {
        List<ChainEvent> due = chain.advanceTo(command.now());
        List<PointExpired> expiries = due.stream().filter(PointExpired.class::isInstance)
                .map(PointExpired.class::cast).toList();
        if (command.budget().allows(expiries, chain.alivePoints())) {
            return decided(due);
        }
        List<ChainEvent> rest = due.stream().filter(event -> !(event instanceof PointExpired)).toList();
        rest.forEach(event -> apply(event));
        return new ChainOutcome(rest, chain.nextDueAfter(command.now()).orElse(null), expiries.size());
    }

    @CommandHandler
    public ChainOutcome handle(PlaceLegalHold command) {
        ChainPoint point = chain.point(command.slot())
                .orElseThrow(() -> new UnknownPointException(chainId, command.slot()));
        if (!point.isAlive()) {
            throw new PointNotAliveException(chainId, command.slot());
        }
        return decided(ownExpiryOnly(chain.placeLegalHold(command.slot(), command.at(), command.by(),
                command.reason()), command.slot()));
    }

    @CommandHandler
    public ChainOutcome handle(ReleaseLegalHold command) {
        chain.point(command.slot()).orElseThrow(() -> new UnknownPointException(chainId, command.slot()));
        return decided(ownExpiryOnly(chain.releaseLegalHold(command.slot(), command.at(), command.by(),
                command.reason()), command.slot()));
    }

    /**
     * A hold decides the expiry of its own point only (a released point with no flags left goes at once): the
     * expiries of other points that are due at that instant stay due, for the due-chain poller to decide past the
     * clock guard. Otherwise placing a hold while a policy's deletions are paused would delete the rest of the chain.
     */
    private static List<ChainEvent> ownExpiryOnly(List<ChainEvent> events, Instant slot) {
        return events.stream()
                .filter(event -> !(event instanceof PointExpired expired) || expired.slot().equals(slot))
                .toList();
    }

    @EventSourcingHandler
    void on(ChainOpened event) {
        this.chainId = event.chainId();
        this.policyId = event.policyId();
        this.table = event.table();
    }

    @EventSourcingHandler
    void on(ChainEvent event) {
        chain.apply(event);
        history.add(event);
    }

    private void openIfNew(UUID commandChainId, UUID commandPolicyId, TableRef commandTable) {
        UUID expected = Ids.chainId(commandPolicyId, commandTable.arn());
        if (!expected.equals(commandChainId)) {
            throw new IllegalArgumentException("chain id " + commandChainId + " is not the chain of policy "
                    + commandPolicyId + " and table " + commandTable.arn() + " (" + expected + ")");
        }
        if (chainId == null) {
            apply(new ChainOpened(commandChainId, commandPolicyId, commandTable));
        }
    }

    private ChainOutcome decided(List<ChainEvent> events) {
        events.forEach(event -> apply(event));
        return new ChainOutcome(events, chain.nextDueAt().orElse(null));
    }

    /** The chain's events so far, for snapshots. */
    @JsonProperty("history")
    public List<ChainEvent> history() {
        return Collections.unmodifiableList(history);
    }

    @JsonProperty("history")
    private void restore(List<ChainEvent> events) {
        this.history = new ArrayList<>(events);
        this.chain = BackupChain.replay(events);
    }

    public UUID chainId() {
        return chainId;
    }

    @Override
    public UUID policyId() {
        return policyId;
    }

    @Override
    public TableRef table() {
        return table;
    }

    /** A snapshot's chain, for the audit queries. */
    @Override
    public BackupChain chain() {
        return chain;
    }
}
