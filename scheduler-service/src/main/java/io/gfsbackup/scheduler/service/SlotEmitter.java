package io.gfsbackup.scheduler.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.time.Duration;

import org.jboss.logging.Logger;

import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;
import io.gfsbackup.scheduler.persistence.CursorStore;
import io.gfsbackup.scheduler.persistence.CursorStore.Cursor;
import io.gfsbackup.scheduler.persistence.CursorStore.Outcome;
import io.gfsbackup.scheduler.service.PolicyBook.OwnedPolicy;
import io.gfsbackup.scheduler.service.PolicyBook.PolicyVersion;
import io.gfsbackup.scheduler.service.PolicyBook.Segment;
import io.gfsbackup.scheduler.service.SlotPublisher.Keyed;

/**
 * Handles the due slots of one policy up to an instant (retention-semantics, sections 3 and 6): every slot in
 * {@code [cursor, now]}, oldest first, each with the policy version in force at its instant:
 * <ul>
 * <li>version disabled: the slot passes, nothing is sent;</li>
 * <li>otherwise: one {@code BackupDue} per selected table on {@code backup-due}, also when the scheduler reached the
 * slot after its start window ended. The worker decides the outcome, once, in its ledger: it runs a due inside its
 * window, records one whose window has ended as missed (never runs it late), and re-publishes the recorded outcome
 * when the due was already claimed. So a due the scheduler sends again after a crash, late, cannot turn a backup
 * the worker made into a second, contradictory outcome.</li>
 * </ul>
 * Each slot is one transaction on its cursor ({@link CursorStore#handle}): the cursor moves only after Kafka
 * acknowledged all of the slot's events.
 *
 * <p>Resolving a selection may have to read the inventory of its accounts and regions again, which takes AWS a
 * while for many tables (100 a page). So that a slot's events leave at the slot's instant, a pass that finds the
 * policy's next slot less than {@code resolveAhead} away resolves its tables already and keeps them for that slot
 * (of that version) only.
 */
public final class SlotEmitter {

    private static final Logger LOG = Logger.getLogger(SlotEmitter.class);

    private final CursorStore cursors;
    private final TableResolver tables;
    private final SlotPublisher publisher;
    private final SchedulerMetrics metrics;
    private final Duration resolveAhead;
    /** per policy: the tables resolved ahead for its next slot */
    private final Map<UUID, Prepared> prepared = new ConcurrentHashMap<>();

    private record Prepared(long version, Instant slot, List<SelectedTable> tables) {
    }

    public SlotEmitter(CursorStore cursors, TableResolver tables, SlotPublisher publisher, SchedulerMetrics metrics,
                       Duration resolveAhead) {
        this.cursors = cursors;
        this.tables = tables;
        this.publisher = publisher;
        this.metrics = metrics;
        this.resolveAhead = resolveAhead;
    }

    /**
     * Handles the policy's slots up to and including {@code now}; returns the oldest slot left pending (another
     * instance holds the cursor, or the policy is no longer owned), empty when all are handled. Throws when a
     * slot could not be handled (Kafka, DynamoDB or PostgreSQL failed): it stays pending for the next pass.
     */
    public Optional<Instant> emitDue(OwnedPolicy policy, Instant now, Predicate<UUID> stillOwned) throws Exception {
        Cursor cursor = cursors.open(policy.id(), policy.startsAt(), policy.latest().version(), now);
        Instant from = cursor.firstPending();
        if (from.isAfter(now)) {
            prepareNext(policy, now);
            return Optional.empty();
        }
        Map<Long, List<SelectedTable>> selected = new HashMap<>();
        for (Segment segment : policy.segments(from, now.plusNanos(1))) {
            PolicyVersion version = segment.version();
            for (Slot slot : HarmonizedSchedule.slots(version.policy(), segment.from(), segment.to())) {
                if (!stillOwned.test(policy.id())) {
                    return Optional.of(slot.at());
                }
                long started = System.nanoTime();
                Outcome outcome = cursors.handle(policy.id(), slot.at(), version.version(), now,
                        () -> handle(policy.id(), version, slot, now, selected));
                if (outcome == Outcome.HANDLED) {
                    metrics.slotDuration().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                }
                if (outcome == Outcome.BUSY) {
                    return Optional.of(slot.at());
                }
            }
        }
        prepareNext(policy, now);
        return Optional.empty();
    }

    /** Resolves the tables of the policy's next slot now if it is less than {@code resolveAhead} away. */
    private void prepareNext(OwnedPolicy policy, Instant now) {
        PolicyVersion version = policy.latest();
        if (resolveAhead.isZero() || !version.policy().enabled()) {
            return;
        }
        Optional<Slot> next = HarmonizedSchedule.nextSlot(version.policy(), now);
        if (next.isEmpty() || next.get().at().isAfter(now.plus(resolveAhead))) {
            return;
        }
        Prepared held = prepared.get(policy.id());
        if (held != null && held.version() == version.version() && held.slot().equals(next.get().at())) {
            return;
        }
        prepared.put(policy.id(), new Prepared(version.version(), next.get().at(),
                metrics.tableResolution().record(() -> tables.resolve(version.policy().selection()))));
    }

    /** The tables resolved ahead for exactly this slot and version, once. */
    private Optional<List<SelectedTable>> takePrepared(UUID policyId, long version, Instant slot) {
        Prepared held = prepared.get(policyId);
        if (held == null || held.version() != version || !held.slot().equals(slot)) {
            return Optional.empty();
        }
        prepared.remove(policyId, held);
        return Optional.of(held.tables());
    }

    /** A deleted policy: its prepared tables are dropped. */
    public void forget(UUID policyId) {
        prepared.remove(policyId);
    }

    private void handle(UUID policyId, PolicyVersion version, Slot slot, Instant now,
                        Map<Long, List<SelectedTable>> selected) throws SlotPublisher.SendFailedException {
        BackupPolicy policy = version.policy();
        if (!policy.enabled()) {
            return;
        }
        List<SelectedTable> targets = selected.computeIfAbsent(version.version(),
                v -> takePrepared(policyId, v, slot.at()).orElseGet(
                        () -> metrics.tableResolution().record(() -> tables.resolve(policy.selection()))));
        List<DueSlot> dues = dueSlots(policyId, version.version(), policy, slot, targets);
        List<Keyed> messages = new ArrayList<>(dues.size());
        for (DueSlot due : dues) {
            messages.add(new Keyed(due.table().arn(), BackupDue.of(due, now)));
        }
        publisher.sendAll(Topics.BACKUP_DUE, messages);
        if (now.isBefore(slot.at().plus(policy.startWindow()))) {
            metrics.slotEmitted(dues.size());
            LOG.debugf("policy %s v%d: slot %s due for %d table(s)", policyId, version.version(), slot.at(),
                    dues.size());
        } else {
            metrics.slotLate(dues.size());
            LOG.infof("policy %s v%d: slot %s reached at %s, after its start window of %s: handed to the worker for "
                    + "%d table(s), which records it missed unless its backup was already started", policyId,
                    version.version(), slot.at(), now, policy.startWindow(), dues.size());
        }
    }

    /**
     * The due slot of each table: what {@link DueSlot#of} gives, with the parts that depend only on the slot (the
     * carry deadlines, the retention settings) computed once rather than once per table.
     */
    static List<DueSlot> dueSlots(UUID policyId, long version, BackupPolicy policy, Slot slot,
                                  List<SelectedTable> tables) {
        List<DueSlot> dues = new ArrayList<>(tables.size());
        if (tables.isEmpty()) {
            return dues;
        }
        SelectedTable head = tables.get(0);
        DueSlot first = DueSlot.of(policyId, version, policy, head.table(), head.account(), slot);
        dues.add(first);
        for (SelectedTable selected : tables.subList(1, tables.size())) {
            TableRef table = selected.table();
            dues.add(new DueSlot(Ids.dueId(policyId, table.arn(), slot.at()), policyId, version, table, slot.at(),
                    slot.flags(), first.retention(), first.startWindowEnd(), first.carryDeadlines(),
                    selected.account()));
        }
        return dues;
    }
}
