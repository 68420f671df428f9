package io.gfsbackup.contracts.retention;

import io.gfsbackup.contracts.policy.Tier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The retention state machine of one backup chain (one policy and one table), shared by the simulation and the
 * retention service so that the two cannot disagree (retention-semantics, sections 4 to 6).
 *
 * <p>It is split like an event-sourced aggregate. The decision methods ({@link #recordPoint},
 * {@link #recordLostSlot}, {@link #recordDeletion}, {@link #advanceTo}, {@link #placeLegalHold},
 * {@link #releaseLegalHold}, and {@link #recordRestoreStarted}, {@link #recordRestoreEnded}, which record history
 * and decide no retention) read the state and return the events that follow, changing nothing;
 * {@link #apply(ChainEvent)} changes the state and decides nothing. Replaying the events into a new chain
 * restores it.
 *
 * <p>The rules:
 * <ul>
 *   <li>A flag of a point is unassigned at the point's slot plus the tier's keep, in the settings of the version
 *       that created the point (section 4).</li>
 *   <li>A point expires at the latest of: its last flag's expiry; when it has N = its own keepAtLeast, the slot
 *       of the N-th point newer than it (section 5: the newest N are never expired); the release of its legal
 *       hold. A point under legal hold never expires.</li>
 *   <li>A lost slot's W/M/Y flags go to the first point recorded after it and before the tier's next slot
 *       (the carry deadline); when the deadline passes first, a {@link RetentionGap} names the period
 *       (section 6).</li>
 *   <li>{@link #advanceTo} returns everything due at or before an instant in time order; at one instant, per
 *       point, its flags in the order D, W, M, Y, then its expiry. The caller records the points of an instant
 *       before advancing to it.</li>
 * </ul>
 * Every decision is idempotent: recording a known slot again, or advancing to an instant already passed, yields
 * no events. Instances are not thread-safe.
 */
public final class BackupChain {

    private static final Comparator<ChainEvent> TIME_ORDER = Comparator.comparing(ChainEvent::at)
            .thenComparing(BackupChain::slotOf)
            .thenComparingInt(BackupChain::rank);

    /** The wait after a point's first failed archive attempt; each later one doubles it, up to a day. */
    public static final Duration ARCHIVE_RETRY = Duration.ofHours(1);
    static final Duration ARCHIVE_RETRY_MAX = Duration.ofDays(1);
    /** An attempt that reports nothing for this long (its worker stopped) is given up and asked for again. */
    public static final Duration ARCHIVE_TIMEOUT = Duration.ofHours(6);

    private final NavigableMap<Instant, PointState> points = new TreeMap<>();
    private final NavigableMap<Instant, PointState> alive = new TreeMap<>();
    private final Set<Instant> lostSlots = new HashSet<>();
    private final List<Carry> carries = new ArrayList<>();
    private int maxKeepAtLeast;
    /** Alive points with something due, by earliest due instant; points whose memo changed wait in dirty. */
    private final TreeSet<PointState> dueIndex = new TreeSet<>(
            Comparator.comparing((PointState point) -> point.indexedDue).thenComparing(point -> point.slot));
    private final List<PointState> dirty = new ArrayList<>();

    /** A chain replayed from its events. */
    public static BackupChain replay(Iterable<? extends ChainEvent> events) {
        BackupChain chain = new BackupChain();
        events.forEach(chain::apply);
        return chain;
    }

    // ---------------------------------------------------------------- decisions

    /**
     * A backup of {@code slot} succeeded. Yields {@link PointRecorded} with the slot's flags plus any flags carried
     * from a lost slot, or nothing when the slot is already known.
     */
    public List<ChainEvent> recordPoint(Instant slot, Set<Tier> flags, String backupArn, RetentionSettings settings) {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(settings, "settings");
        if (isKnown(slot)) {
            return List.of();
        }
        EnumSet<Tier> carried = EnumSet.noneOf(Tier.class);
        for (Carry carry : carries) {
            if (carry.carriesTo(slot) && !flags.contains(carry.tier()) && settings.covers(carry.tier())) {
                carried.add(carry.tier());
            }
        }
        EnumSet<Tier> all = EnumSet.copyOf(carried);
        all.addAll(flags);
        return List.of(new PointRecorded(slot, settings.expiriesOf(slot, all), carried, backupArn, settings));
    }

    /**
     * The backup of {@code slot} was missed or finally failed (section 6). {@code carryDeadlines} holds, for each of
     * W, M and Y in {@code flags}, the tier's next slot. Yields {@link SlotLost}, or nothing for a known slot.
     */
    public List<ChainEvent> recordLostSlot(Instant slot, Set<Tier> flags, Map<Tier, Instant> carryDeadlines) {
        Objects.requireNonNull(slot, "slot");
        if (isKnown(slot)) {
            return List.of();
        }
        EnumMap<Tier, Instant> deadlines = new EnumMap<>(Tier.class);
        for (Tier tier : flags) {
            if (tier.isCarriedForward()) {
                Instant deadline = carryDeadlines == null ? null : carryDeadlines.get(tier);
                if (deadline == null || !deadline.isAfter(slot)) {
                    throw new IllegalArgumentException("slot " + slot + " carries " + tier
                            + " but its carry deadline (the next " + tier + " slot) is " + deadline);
                }
                deadlines.put(tier, deadline);
            }
        }
        return List.of(new SlotLost(slot, flags, deadlines));
    }

    /**
     * The backup of a recorded point was reported deleted, or found gone, at {@code at}. Only a point this chain
     * expired leaves it: {@link PointDeleted}. A point still alive (never expired, or held) stays in the chain, and
     * the report is recorded as {@link DeletionRefused}: nothing this chain decided asked for that deletion, so it
     * cannot be confirmed. Nothing for an unknown slot, a point already deleted, or a refusal already recorded for
     * the same report (same {@code at}).
     */
    public List<ChainEvent> recordDeletion(Instant slot, Instant at, String backupArn, boolean alreadyGone) {
        Objects.requireNonNull(at, "at");
        PointState point = points.get(slot);
        if (point == null || point.deletedAt != null) {
            return List.of();
        }
        if (point.expiredAt == null) {
            return at.equals(point.refusedDeletionAt) ? List.of()
                    : List.of(new DeletionRefused(slot, at, backupArn, alreadyGone));
        }
        return List.of(new PointDeleted(slot, at));
    }

    /**
     * A worker reported a point's archive copy made: {@link PointArchived} as given, or nothing when the slot is not a
     * recorded point or its copy was already recorded. History: it changes no flag or expiry, and ends the point's
     * archive requests.
     */
    public List<ChainEvent> recordArchived(PointArchived archived) {
        PointState point = points.get(archived.slot());
        if (point == null || point.archived != null) {
            return List.of();
        }
        return List.of(archived);
    }

    /**
     * A worker reported an attempt to archive a point failed: {@link ArchiveFailed} as given, or nothing when the slot
     * is not a recorded point, its copy is already made, or this attempt's failure is recorded. The point stays warm;
     * the chain asks again {@link #archiveRetryAfter(int)} later.
     */
    public List<ChainEvent> recordArchiveFailed(ArchiveFailed failed) {
        PointState point = points.get(failed.slot());
        if (point == null || point.archived != null || failed.attempt() <= point.archiveFailures) {
            return List.of();
        }
        return List.of(failed);
    }

    /**
     * How long after failed attempt {@code attempt} the chain asks again: an hour, doubled for each attempt, at most a
     * day.
     */
    public static Duration archiveRetryAfter(int attempt) {
        return attempt >= 5 ? ARCHIVE_RETRY_MAX : ARCHIVE_RETRY.multipliedBy(1L << Math.max(0, attempt - 1));
    }

    /**
     * A worker started a restore of a recorded point's backup: {@link RestoreStarted} as given, or nothing when the
     * slot is not a recorded point or this restore was already recorded as started by the same worker. It decides and
     * changes no retention: a point expires at its instant whatever restores run (docs/retention.md, "Restores").
     */
    public List<ChainEvent> recordRestoreStarted(RestoreStarted started) {
        PointState point = points.get(started.slot());
        if (point == null || point.restoreStarts.contains(startKey(started))) {
            return List.of();
        }
        return List.of(started);
    }

    /**
     * A restore of a recorded point's backup ended: {@link RestoreEnded}, marked a test when its start said so, or
     * nothing when the slot is not a recorded point or this restore's end was already recorded. Like a start, it
     * decides and changes no retention.
     */
    public List<ChainEvent> recordRestoreEnded(RestoreEnded ended) {
        PointState point = points.get(ended.slot());
        if (point == null) {
            return List.of();
        }
        ChainPoint.Restore known = point.restores.get(ended.restoreId());
        if (known != null && known.outcome() != null) {
            return List.of();
        }
        return List.of(known != null && known.test() && !ended.test() ? ended.asTest() : ended);
    }

    /**
     * Everything due at or before {@code now} that has not happened yet, in time order: flags unassigned, points
     * expired, carry deadlines passed.
     */
    public List<ChainEvent> advanceTo(Instant now) {
        List<ChainEvent> due = new ArrayList<>();
        refreshDueIndex();
        for (PointState point : dueIndex) {
            if (point.indexedDue.isAfter(now)) {
                break;
            }
            for (Tier tier : point.remaining) {
                Instant expiry = point.flagExpiries.get(tier);
                if (!expiry.isAfter(now)) {
                    due.add(new FlagUnassigned(point.slot, tier, expiry, FlagUnassigned.Reason.RETENTION_ELAPSED));
                }
            }
            PointExpired expired = expiry(point);
            if (expired != null && !expired.at().isAfter(now)) {
                due.add(expired);
            }
            Instant archive = point.nextArchiveDue();
            if (archive != null && !archive.isAfter(now) && (expired == null || archive.isBefore(expired.at()))) {
                due.add(new ArchiveDue(point.slot, archive, point.archiveRequests + 1, point.settings.archive()));
            }
        }
        for (Carry carry : carries) {
            if (!carry.deadline().isAfter(now)) {
                due.add(new RetentionGap(carry.tier(), carry.lostSlot(), carry.deadline()));
            }
        }
        due.sort(TIME_ORDER);
        return due;
    }

    /** The earliest instant at which {@link #advanceTo} will have something to do; empty when nothing is pending. */
    public Optional<Instant> nextDueAt() {
        refreshDueIndex();
        Instant next = dueIndex.isEmpty() ? null : dueIndex.first().indexedDue;
        for (Carry carry : carries) {
            next = earlier(next, carry.deadline());
        }
        return Optional.ofNullable(next);
    }

    /**
     * The earliest instant after {@code now} at which {@link #advanceTo} will have something new to do; empty when
     * nothing is pending after {@code now}. For a caller that applied everything due at {@code now} except some
     * expiries, which it holds back: they stay due, and this is when the chain has something else.
     */
    public Optional<Instant> nextDueAfter(Instant now) {
        refreshDueIndex();
        Instant next = null;
        for (PointState point : dueIndex) {
            if (point.indexedDue.isAfter(now)) {
                next = earlier(next, point.indexedDue);
                break;
            }
            for (Tier tier : point.remaining) {
                Instant expiry = point.flagExpiries.get(tier);
                if (expiry.isAfter(now)) {
                    next = earlier(next, expiry);
                }
            }
            PointExpired expired = expiry(point);
            if (expired != null && expired.at().isAfter(now)) {
                next = earlier(next, expired.at());
            }
            Instant archive = point.nextArchiveDue();
            if (archive != null && archive.isAfter(now)) {
                next = earlier(next, archive);
            }
        }
        for (Carry carry : carries) {
            if (carry.deadline().isAfter(now)) {
                next = earlier(next, carry.deadline());
            }
        }
        return Optional.ofNullable(next);
    }

    /**
     * Places a legal hold on a point at {@code at}, by {@code by} (the caller's identity) for {@code reason}.
     * Yields first everything due up to {@code at}, then {@link LegalHoldPlaced} if the point is still alive then
     * and not already held.
     *
     * @throws IllegalArgumentException when {@code by} or {@code reason} is missing or blank
     */
    public List<ChainEvent> placeLegalHold(Instant slot, Instant at, String by, String reason) {
        requireText(by, "by");
        requireText(reason, "reason");
        List<ChainEvent> events = new ArrayList<>(advanceTo(at));
        PointState point = alive.get(slot);
        boolean expiresFirst = events.stream()
                .anyMatch(event -> event instanceof PointExpired expired && expired.slot().equals(slot));
        if (point != null && !point.legalHold && !expiresFirst) {
            events.add(new LegalHoldPlaced(slot, at, by, reason));
        }
        return events;
    }

    /**
     * Releases the legal hold on a point at {@code at}, by {@code by} for {@code reason}. Yields first everything
     * due up to {@code at}, then {@link LegalHoldReleased} and, if nothing else holds the point by then, its
     * {@link PointExpired} at {@code at}.
     *
     * @throws IllegalArgumentException when {@code by} or {@code reason} is missing or blank
     */
    public List<ChainEvent> releaseLegalHold(Instant slot, Instant at, String by, String reason) {
        requireText(by, "by");
        requireText(reason, "reason");
        List<ChainEvent> events = new ArrayList<>(advanceTo(at));
        PointState point = alive.get(slot);
        if (point != null && point.legalHold) {
            events.add(new LegalHoldReleased(slot, at, by, reason));
            expiryOf(point, false, at).filter(expired -> !expired.at().isAfter(at)).ifPresent(events::add);
        }
        return events;
    }

    // ---------------------------------------------------------------- state changes

    /** Changes the state by one event; decides nothing. */
    public void apply(ChainEvent event) {
        Objects.requireNonNull(event, "event");
        if (event instanceof PointRecorded recorded) {
            PointState point = new PointState(recorded);
            forgetExpiriesPushedBy(point.slot);
            points.put(point.slot, point);
            alive.put(point.slot, point);
            markDirty(point);
            maxKeepAtLeast = Math.max(maxKeepAtLeast, point.settings.keepAtLeast());
            carries.removeIf(carry -> recorded.carriedFlags().contains(carry.tier())
                    && carry.carriesTo(recorded.slot()));
        } else if (event instanceof FlagUnassigned unassigned) {
            PointState point = existing(unassigned.slot());
            point.remaining.remove(unassigned.flag());
            point.unassigned.put(unassigned.flag(), unassigned.at());
            point.forgetDue();
            markDirty(point);
        } else if (event instanceof PointExpired expired) {
            PointState point = existing(expired.slot());
            point.expiredAt = expired.at();
            alive.remove(expired.slot());
            unindex(point);
        } else if (event instanceof RetentionGap gap) {
            carries.removeIf(carry -> carry.tier() == gap.tier() && carry.lostSlot().equals(gap.periodStart()));
        } else if (event instanceof SlotLost lost) {
            lostSlots.add(lost.slot());
            lost.carryDeadlines().forEach((tier, deadline) -> carries.add(new Carry(tier, lost.slot(), deadline)));
        } else if (event instanceof PointDeleted deleted) {
            PointState point = existing(deleted.slot());
            point.deletedAt = deleted.at();
            alive.remove(deleted.slot());
            unindex(point);
        } else if (event instanceof DeletionRefused refused) {
            existing(refused.slot()).refusedDeletionAt = refused.at();
        } else if (event instanceof LegalHoldPlaced placed) {
            PointState point = existing(placed.slot());
            point.legalHold = true;
            point.hold = new ChainPoint.Hold(placed.at(), placed.by(), placed.reason());
            point.forgetExpiry();
            markDirty(point);
        } else if (event instanceof RestoreStarted started) {
            PointState point = existing(started.slot());
            point.restoreStarts.add(startKey(started));
            point.restores.merge(started.restoreId(), ChainPoint.Restore.of(started),
                    (known, first) -> known.started(started));
        } else if (event instanceof RestoreEnded ended) {
            existing(ended.slot()).restores.merge(ended.restoreId(), ChainPoint.Restore.of(ended),
                    (known, first) -> known.ended(ended));
        } else if (event instanceof ArchiveDue archiveDue) {
            PointState point = existing(archiveDue.slot());
            point.archiveDueAt = archiveDue.at();
            point.archiveRequests = Math.max(point.archiveRequests, archiveDue.attempt());
            point.forgetDue();
            markDirty(point);
        } else if (event instanceof ArchiveFailed failed) {
            PointState point = existing(failed.slot());
            point.archiveFailures = Math.max(point.archiveFailures, failed.attempt());
            point.lastArchiveFailure = failed;
            point.forgetDue();
            markDirty(point);
        } else if (event instanceof PointArchived archived) {
            PointState point = existing(archived.slot());
            point.archived = archived;
            point.forgetDue();
            markDirty(point);
        } else if (event instanceof LegalHoldReleased released) {
            PointState point = existing(released.slot());
            point.legalHold = false;
            point.hold = null;
            point.releasedAt = released.at();
            point.forgetExpiry();
            markDirty(point);
        }
    }

    /** Applies each event in order and returns them, for callers that decide and apply in one step. */
    public List<ChainEvent> applyAll(List<ChainEvent> events) {
        events.forEach(this::apply);
        return events;
    }

    // ---------------------------------------------------------------- queries

    /** The point of {@code slot}, alive or not. */
    public Optional<ChainPoint> point(Instant slot) {
        return Optional.ofNullable(points.get(slot)).map(PointState::view);
    }

    /** Every point ever recorded, by slot. */
    public List<ChainPoint> points() {
        return points.values().stream().map(PointState::view).toList();
    }

    /** The points neither expired nor deleted, by slot. */
    public List<ChainPoint> alivePoints() {
        return alive.values().stream().map(PointState::view).toList();
    }

    /** How many points are neither expired nor deleted. */
    public int aliveCount() {
        return alive.size();
    }

    /** The flags of lost slots still waiting for a point, with their deadlines. */
    public List<Carry> pendingCarries() {
        return List.copyOf(carries);
    }

    /** Whether {@code slot} was recorded, as a point or as lost. */
    public boolean isKnown(Instant slot) {
        return points.containsKey(slot) || lostSlots.contains(slot);
    }

    // ---------------------------------------------------------------- rules

    /*
     * Memos: a point's expiry depends only on its own flags and hold and on the slots of the points newer than it,
     * so it is remembered until one of those changes. They change no decision, only its cost.
     */

    private PointExpired expiry(PointState point) {
        if (!point.expiryKnown) {
            point.expiry = expiryOf(point, point.legalHold, point.releasedAt).orElse(null);
            point.expiryKnown = true;
        }
        return point.expiry;
    }

    /** The earliest instant at which something happens to {@code point}, or {@code null}. */
    private Instant earliestDue(PointState point) {
        if (!point.dueKnown) {
            PointExpired expired = expiry(point);
            Instant due = expired == null ? null : expired.at();
            for (Tier tier : point.remaining) {
                due = earlier(due, point.flagExpiries.get(tier));
            }
            Instant archive = point.nextArchiveDue();
            if (archive != null && (expired == null || archive.isBefore(expired.at()))) {
                due = earlier(due, archive);
            }
            point.earliestDue = due;
            point.dueKnown = true;
        }
        return point.earliestDue;
    }

    /** A point recorded at {@code slot} may be the N-th newer point only of the N points before it. */
    private void forgetExpiriesPushedBy(Instant slot) {
        int left = maxKeepAtLeast;
        for (Iterator<PointState> older = points.headMap(slot, false).descendingMap().values().iterator();
             left > 0 && older.hasNext(); left--) {
            PointState point = older.next();
            point.forgetExpiry();
            markDirty(point);
        }
    }

    private void markDirty(PointState point) {
        unindex(point);
        if (!point.dirty) {
            point.dirty = true;
            dirty.add(point);
        }
    }

    private void unindex(PointState point) {
        if (point.indexedDue != null) {
            dueIndex.remove(point);
            point.indexedDue = null;
        }
    }

    private void refreshDueIndex() {
        for (PointState point : dirty) {
            point.dirty = false;
            if (point.expiredAt == null && point.deletedAt == null) {
                Instant due = earliestDue(point);
                if (due != null) {
                    point.indexedDue = due;
                    dueIndex.add(point);
                }
            }
        }
        dirty.clear();
    }

    /**
     * When {@code point} expires, given its hold state, and why; empty while a legal hold or too few newer points
     * keep it.
     */
    private Optional<PointExpired> expiryOf(PointState point, boolean held, Instant releasedAt) {
        if (held) {
            return Optional.empty();
        }
        Instant lastFlag = point.slot;
        for (Instant expiry : point.flagExpiries.values()) {
            lastFlag = later(lastFlag, expiry);
        }
        Instant pushedOut = null;
        int keepAtLeast = point.settings.keepAtLeast();
        if (keepAtLeast > 0) {
            Iterator<Instant> newer = points.tailMap(point.slot, false).keySet().iterator();
            for (int i = 0; i < keepAtLeast; i++) {
                if (!newer.hasNext()) {
                    return Optional.empty();
                }
                pushedOut = newer.next();
            }
        }
        Instant base = pushedOut == null ? lastFlag : later(lastFlag, pushedOut);
        if (releasedAt != null && releasedAt.isAfter(base)) {
            return Optional.of(new PointExpired(point.slot, releasedAt, PointExpired.Reason.LEGAL_HOLD_RELEASED));
        }
        PointExpired.Reason reason = pushedOut != null && pushedOut.isAfter(lastFlag)
                ? PointExpired.Reason.PUSHED_OUT_OF_KEEP_AT_LEAST : PointExpired.Reason.NO_FLAGS_LEFT;
        return Optional.of(new PointExpired(point.slot, base, reason));
    }

    private PointState existing(Instant slot) {
        PointState point = points.get(slot);
        if (point == null) {
            throw new IllegalStateException("no point of slot " + slot + " in this chain");
        }
        return point;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required: who placed or released a legal hold, and why");
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static String startKey(RestoreStarted started) {
        return started.restoreId() + "|" + started.startedBy();
    }

    private static Instant slotOf(ChainEvent event) {
        if (event instanceof FlagUnassigned unassigned) {
            return unassigned.slot();
        }
        if (event instanceof PointExpired expired) {
            return expired.slot();
        }
        if (event instanceof RetentionGap gap) {
            return gap.periodStart();
        }
        if (event instanceof ArchiveDue archiveDue) {
            return archiveDue.slot();
        }
        return event.at();
    }

    private static int rank(ChainEvent event) {
        if (event instanceof FlagUnassigned unassigned) {
            return unassigned.flag().ordinal();
        }
        return event instanceof PointExpired ? Tier.values().length : Tier.values().length + 1;
    }

    /**
     * A lost slot's flag of {@code tier} waiting for a point recorded after {@code lostSlot} and before
     * {@code deadline}, the tier's next slot.
     */
    public record Carry(Tier tier, Instant lostSlot, Instant deadline) {

        boolean carriesTo(Instant slot) {
            return slot.isAfter(lostSlot) && slot.isBefore(deadline);
        }
    }

    /** The mutable state of one point. */
    private static final class PointState {

        final Instant slot;
        final Map<Tier, Instant> flagExpiries;
        final Set<Tier> carried;
        final String backupArn;
        final RetentionSettings settings;
        final EnumSet<Tier> remaining = EnumSet.noneOf(Tier.class);
        final EnumMap<Tier, Instant> unassigned = new EnumMap<>(Tier.class);
        boolean legalHold;
        ChainPoint.Hold hold;
        Instant releasedAt;
        Instant refusedDeletionAt;
        Instant expiredAt;
        Instant deletedAt;
        boolean expiryKnown;
        PointExpired expiry;
        boolean dueKnown;
        Instant earliestDue;
        boolean dirty;
        Instant indexedDue;
        /** Restores of its backup, by restore id: history only, no decision reads them. */
        final Map<java.util.UUID, ChainPoint.Restore> restores = new java.util.LinkedHashMap<>();
        /** The restore id and worker of each start recorded, so that a start is recorded once. */
        final Set<String> restoreStarts = new HashSet<>();
        /** When the settings archive the point (section 8), or {@code null}: never. */
        final Instant archiveAt;
        Instant archiveDueAt;
        int archiveRequests;
        int archiveFailures;
        ArchiveFailed lastArchiveFailure;
        PointArchived archived;

        PointState(PointRecorded recorded) {
            this.slot = recorded.slot();
            this.flagExpiries = recorded.flagExpiries();
            this.carried = recorded.carriedFlags();
            this.backupArn = recorded.backupArn();
            this.settings = recorded.settings();
            this.remaining.addAll(flagExpiries.keySet());
            this.archiveAt = settings.archiveInstantOf(slot, flagExpiries).orElse(null);
        }

        /**
         * When the chain next asks for the point's archive copy: at its archive instant; after a failed attempt, the
         * retry wait after the failure; while an attempt runs, {@link #ARCHIVE_TIMEOUT} after it was asked for;
         * {@code null} when it is never archived or is archived.
         */
        Instant nextArchiveDue() {
            if (archiveAt == null || archived != null) {
                return null;
            }
            if (archiveRequests == 0) {
                return archiveAt;
            }
            if (archiveFailures < archiveRequests) {
                return archiveDueAt.plus(ARCHIVE_TIMEOUT);
            }
            Instant failedAt = later(lastArchiveFailure.at(), archiveDueAt);
            return failedAt.plus(archiveRetryAfter(archiveFailures));
        }

        void forgetExpiry() {
            expiryKnown = false;
            dueKnown = false;
        }

        void forgetDue() {
            dueKnown = false;
        }

        ChainPoint view() {
            return new ChainPoint(slot, recorded(), carried, flagExpiries, Collections.unmodifiableMap(
                    new EnumMap<>(unassigned)), backupArn, settings, legalHold, hold, expiredAt, deletedAt,
                    List.copyOf(restores.values()), new ChainPoint.Archival(archiveAt, archiveDueAt, archiveRequests,
                    archiveFailures, lastArchiveFailure == null ? null : lastArchiveFailure.error(), archived));
        }

        private Set<Tier> recorded() {
            return io.gfsbackup.contracts.schedule.Flags.of(flagExpiries.keySet());
        }
    }
}
