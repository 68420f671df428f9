package io.gfsbackup.retention.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.BackupChain;
import io.gfsbackup.contracts.retention.ChainEvent;
import io.gfsbackup.contracts.retention.DeletionRefused;
import io.gfsbackup.contracts.retention.FlagUnassigned;
import io.gfsbackup.contracts.retention.LegalHoldPlaced;
import io.gfsbackup.contracts.retention.LegalHoldReleased;
import io.gfsbackup.contracts.retention.PointDeleted;
import io.gfsbackup.contracts.retention.PointExpired;
import io.gfsbackup.contracts.retention.PointRecorded;
import io.gfsbackup.contracts.retention.RestoreEnded;
import io.gfsbackup.contracts.retention.RestoreStarted;
import io.gfsbackup.contracts.retention.RetentionGap;
import io.gfsbackup.contracts.retention.SlotLost;
import io.gfsbackup.retention.api.ChainOpened;
import io.gfsbackup.retention.api.ChainSnapshot;

/**
 * The audit side: chains rebuilt from the event store, never from a read model.
 *
 * <ul>
 *   <li>{@link #current}: the chain as recorded now, loaded as the aggregate is (latest snapshot, then the events
 *       after it).</li>
 *   <li>{@link #asOf}: the chain as it stood at an instant of the chain's logical time: every event from the first
 *       one ({@link EventLog}; snapshots are not used, so the answer cannot depend on them) whose logical instant is at or before
 *       it, replayed into a fresh {@link BackupChain}. A point exists as of its slot, a flag is unassigned as of its
 *       expiry, a deletion as of when it was reported, a restore as of its start and its end as of when it ended.</li>
 *   <li>{@link #events} and {@link #history}: the events with what happened and why, in words.</li>
 * </ul>
 */
@ApplicationScoped
public class ChainAudit {

    @Inject
    EventStore eventStore;

    @Inject
    EventLog log;

    public ChainView current(UUID chainId) {
        Replay replay = new Replay(chainId);
        DomainEventStream stream = eventStore.readEvents(chainId.toString());
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getPayload() instanceof ChainSnapshot snapshot) {
                replay.restore(snapshot, message.getSequenceNumber());
            } else {
                replay.apply(message.getPayload(), message.getSequenceNumber());
            }
        }
        return replay.view(null);
    }

    public ChainView asOf(UUID chainId, Instant asOf) {
        Replay replay = new Replay(chainId);
        for (EventLog.StoredEvent stored : log.read(chainId)) {
            Object payload = stored.payload();
            if (!(payload instanceof ChainEvent event) || !event.at().isAfter(asOf)) {
                replay.apply(payload, stored.sequence());
            }
        }
        return replay.view(asOf);
    }

    public List<EventView> events(UUID chainId) {
        List<EventView> events = new ArrayList<>();
        Map<Instant, PointRecorded> recorded = new HashMap<>();
        for (EventLog.StoredEvent stored : log.read(chainId)) {
            Object payload = stored.payload();
            if (payload instanceof PointRecorded point) {
                recorded.put(point.slot(), point);
            }
            events.add(describe(stored.sequence(), payload, recorded));
        }
        if (events.isEmpty()) {
            throw new UnknownChainException(chainId);
        }
        return events;
    }

    public PointHistory history(UUID chainId, Instant slot) {
        List<EventView> mine = events(chainId).stream().filter(event -> slot.equals(event.slot())).toList();
        ChainView chain = current(chainId);
        PointView point = chain.points().stream().filter(p -> p.slot().equals(slot)).findFirst()
                .orElseThrow(() -> new io.gfsbackup.retention.api.UnknownPointException(chainId, slot));
        String summary = mine.stream().map(EventView::description).collect(Collectors.joining("; "));
        return new PointHistory(slot, point.backupArn(), point, mine, summary);
    }

    private static EventView describe(long sequence, Object payload, Map<Instant, PointRecorded> recorded) {
        if (payload instanceof ChainOpened opened) {
            return new EventView(sequence, "ChainOpened", null, null, "chain opened for policy "
                    + opened.policyId() + " and table " + opened.table().arn(), payload);
        }
        ChainEvent event = (ChainEvent) payload;
        String type = event.getClass().getSimpleName();
        if (event instanceof PointRecorded point) {
            String flags = point.flags().stream().map(Tier::name).collect(Collectors.joining(", "));
            String carried = point.carriedFlags().isEmpty() ? ""
                    : " (" + point.carriedFlags().stream().map(Tier::name).collect(Collectors.joining(", "))
                    + " carried from a lost slot)";
            String expiries = point.flagExpiries().entrySet().stream()
                    .map(entry -> entry.getKey() + " until " + entry.getValue()).collect(Collectors.joining(", "));
            return new EventView(sequence, type, point.at(), point.slot(), "created with " + flags + " at "
                    + point.slot() + carried + (expiries.isEmpty() ? "" : "; " + expiries), payload);
        }
        if (event instanceof FlagUnassigned unassigned) {
            PointRecorded point = recorded.get(unassigned.slot());
            String keep = point == null ? "its keep period" : String.valueOf(point.settings().keep().get(unassigned.flag()));
            return new EventView(sequence, type, unassigned.at(), unassigned.slot(), unassigned.flag()
                    + " unassigned at " + unassigned.at() + " because " + keep + " elapsed", payload);
        }
        if (event instanceof PointExpired expired) {
            String why = switch (expired.reason()) {
                case NO_FLAGS_LEFT -> "no flags were left";
                case PUSHED_OUT_OF_KEEP_AT_LEAST -> "its flags were gone and a newer point pushed it out of the "
                        + "newest keepAtLeast";
                case LEGAL_HOLD_RELEASED -> "its flags were gone and its legal hold was released";
            };
            return new EventView(sequence, type, expired.at(), expired.slot(), "expired at " + expired.at()
                    + " because " + why, payload);
        }
        if (event instanceof PointDeleted deleted) {
            return new EventView(sequence, type, deleted.at(), deleted.slot(), "deleted at " + deleted.at(),
                    payload);
        }
        if (event instanceof DeletionRefused refused) {
            return new EventView(sequence, type, refused.at(), refused.slot(), "deletion of " + refused.backupArn()
                    + " reported at " + refused.at() + (refused.alreadyGone() ? " (already gone)" : "")
                    + " but the point had not expired; it stays in the chain", payload);
        }
        if (event instanceof LegalHoldPlaced placed) {
            return new EventView(sequence, type, placed.at(), placed.slot(), "legal hold placed at " + placed.at()
                    + byAndWhy(placed.by(), placed.reason()), payload);
        }
        if (event instanceof LegalHoldReleased released) {
            return new EventView(sequence, type, released.at(), released.slot(), "legal hold released at "
                    + released.at() + byAndWhy(released.by(), released.reason()), payload);
        }
        if (event instanceof SlotLost lost) {
            String flags = lost.flags().stream().map(Tier::name).collect(Collectors.joining(", "));
            String carries = lost.carryDeadlines().entrySet().stream()
                    .map(entry -> entry.getKey() + " carried to the next point before " + entry.getValue())
                    .collect(Collectors.joining(", "));
            return new EventView(sequence, type, lost.at(), lost.slot(), "slot with " + flags
                    + " missed or finally failed" + (carries.isEmpty() ? "" : "; " + carries), payload);
        }
        if (event instanceof RestoreStarted started) {
            String what = started.test() ? "restore test " : "restore ";
            return new EventView(sequence, type, started.at(), started.slot(), what + started.restoreId() + " to "
                    + started.targetArn() + " started at " + started.at() + " by " + started.startedBy()
                    + ", asked by " + started.requestedBy() + " at " + started.requestedAt(), payload);
        }
        if (event instanceof RestoreEnded ended) {
            return new EventView(sequence, type, ended.at(), ended.slot(), restoreEnd(ended), payload);
        }
        if (event instanceof io.gfsbackup.contracts.retention.ArchiveDue due) {
            return new EventView(sequence, type, due.at(), due.slot(), "archive copy asked for at " + due.at()
                    + (due.attempt() > 1 ? " (attempt " + due.attempt() + ")" : "") + ": " + due.archive().mode()
                    + " to " + due.archive().storageClass() + " in s3://" + due.archive().target().bucket(), payload);
        }
        if (event instanceof io.gfsbackup.contracts.retention.PointArchived archived) {
            return new EventView(sequence, type, archived.at(), archived.slot(), "archived at " + archived.at()
                    + " to " + archived.location().uri() + " (" + archived.itemCount() + " items, "
                    + archived.storageClass() + ")" + (archived.warmDeleted() ? "; warm backup deleted"
                    : "; warm backup kept"), payload);
        }
        if (event instanceof io.gfsbackup.contracts.retention.ArchiveFailed failed) {
            return new EventView(sequence, type, failed.at(), failed.slot(), "archive attempt " + failed.attempt()
                    + " failed at " + failed.at() + ": " + failed.error() + "; the point stays warm and is tried "
                    + "again after " + io.gfsbackup.contracts.retention.BackupChain.archiveRetryAfter(failed.attempt()),
                    payload);
        }
        RetentionGap gap = (RetentionGap) event;
        return new EventView(sequence, type, gap.at(), gap.periodStart(), "no restore point carries " + gap.tier()
                + " for [" + gap.periodStart() + ", " + gap.periodEnd() + ")", payload);
    }

    /**
     * E.g. "restore test 9d0f… to arn:…:table/gfs-scratch-orders-… completed at … (ACTIVE after PT9M40S); validation
     * passed: 1000 items scanned of 1000 expected (tolerance 0.1), 10 of 10 sampled items read back".
     */
    private static String restoreEnd(RestoreEnded ended) {
        StringBuilder text = new StringBuilder(ended.test() ? "restore test " : "restore ").append(ended.restoreId())
                .append(" to ").append(ended.targetArn()).append(' ')
                .append(ended.outcome().name().toLowerCase(java.util.Locale.ROOT)).append(" at ").append(ended.at());
        if (ended.timeToRestore() != null) {
            text.append(" (ACTIVE after ").append(ended.timeToRestore()).append(')');
        }
        if (ended.error() != null) {
            text.append(": ").append(ended.error());
        }
        if (!ended.warnings().isEmpty()) {
            text.append("; warnings: ").append(String.join("; ", ended.warnings()));
        }
        if (ended.validation() != null) {
            var validation = ended.validation();
            text.append("; validation ").append(validation.passed() ? "passed" : "failed").append(": ")
                    .append(validation.scannedItems()).append(" items scanned of ").append(validation.expectedItems())
                    .append(" expected (tolerance ").append(validation.tolerance()).append("), ")
                    .append(validation.readBack()).append(" of ").append(validation.sampled())
                    .append(" sampled items read back");
        }
        return text.toString();
    }

    /** {@code  by alice (reason: "...")}, or nothing for a hold stored before who and why were recorded. */
    private static String byAndWhy(String by, String reason) {
        return (by == null ? "" : " by " + by) + (reason == null ? "" : " (reason: \"" + reason + "\")");
    }

    /** A chain rebuilt from its events (and possibly a snapshot). */
    private static final class Replay {
        private final UUID chainId;
        private BackupChain chain = new BackupChain();
        private UUID policyId;
        private TableRef table;
        private long events;

        Replay(UUID chainId) {
            this.chainId = chainId;
        }

        void restore(ChainSnapshot snapshot, long sequence) {
            chain = snapshot.chain();
            policyId = snapshot.policyId();
            table = snapshot.table();
            events = sequence + 1;
        }

        void apply(Object payload, long sequence) {
            events++;
            if (payload instanceof ChainOpened opened) {
                policyId = opened.policyId();
                table = opened.table();
            } else if (payload instanceof ChainEvent event) {
                chain.apply(event);
            }
        }

        ChainView view(Instant asOf) {
            if (table == null) {
                throw new UnknownChainException(chainId);
            }
            List<PointView> points = chain.points().stream().map(PointView::of).toList();
            return new ChainView(chainId, policyId, table, asOf, events, chain.nextDueAt().orElse(null),
                    chain.aliveCount(), points,
                    chain.pendingCarries());
        }
    }
}
