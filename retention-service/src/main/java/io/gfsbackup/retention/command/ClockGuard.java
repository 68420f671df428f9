package io.gfsbackup.retention.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;

import io.gfsbackup.contracts.Durations;
import io.gfsbackup.contracts.messages.DeletionsPaused;
import io.gfsbackup.contracts.messages.DeletionsResumed;
import io.gfsbackup.retention.api.DeletionsNotPausedException;
import io.gfsbackup.retention.api.ExpiryBudget;
import io.gfsbackup.retention.api.UnknownPolicyException;
import io.gfsbackup.retention.query.ChainEntity;
import io.gfsbackup.retention.query.DeletionsView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Keeps a wrong clock from mass-deleting. Before each pass of the {@link DueChainPoller} it compares how far the
 * clock moved since the last trusted pass with how much wall time elapsed meanwhile, by the retention database's
 * own clock ({@code clock_timestamp()}: another host's clock, which a restart of this service does not reset).
 * <ul>
 *   <li>When the clock ran ahead of wall time by more than {@code max-lead}, the pass does not trust it: no point
 *       expires, and every policy with a due expiry pauses ({@code CLOCK_LEAD}). The base reading stays where it
 *       was, so every later pass judges the same lead until an admin resumes a policy, which confirms the time.</li>
 *   <li>Otherwise each chain may expire what its schedule explains for the time that legitimately elapsed
 *       ({@link ExpiryBudget}); a chain that would expire more holds them back and pauses its policy
 *       ({@code EXPIRY_BUDGET}). A catch-up after an outage is explained: wall time elapsed too.</li>
 * </ul>
 * A pause is durable ({@code deletion_pause}), announced as {@link DeletionsPaused} on {@code retention-events}
 * (retried until the broker has it), counted ({@code gfs.retention.clock.guard.trips}) and shown per policy
 * ({@code gfs.retention.deletions.paused}, 1 while paused). Flags are still unassigned on time while a policy is
 * paused: they delete nothing, and a point's expiry instant does not depend on when they were unassigned.
 * {@link #resume} lets the held expiries happen on the next pass; it is announced as {@link DeletionsResumed} on the
 * same topic, retried on the next passes until the broker has it.
 */
@ApplicationScoped
public class ClockGuard {

    /** Why deletions paused. */
    public enum Cause { CLOCK_LEAD, EXPIRY_BUDGET }

    private static final Logger LOG = Logger.getLogger(ClockGuard.class);
    static final String PAUSED_GAUGE = "gfs.retention.deletions.paused";
    static final String TRIPS = "gfs.retention.clock.guard.trips";

    @Inject
    Clock clock;

    @Inject
    ClockGuardSettings settings;

    @Inject
    DeletionsAnnouncer announcer;

    @Inject
    MeterRegistry metrics;

    @Inject
    TransactionSynchronizationRegistry synchronizations;

    /** Passes and resumes take turns: a resume never lands in the middle of a pass that judged the old base. */
    private final ReentrantLock turns = new ReentrantLock();
    private final Map<UUID, AtomicInteger> pausedGauges = new ConcurrentHashMap<>();
    /** Whether the last pass did not trust the clock (to warn once when it stops trusting it, not every pass). */
    private volatile boolean distrusted;

    @PostConstruct
    void registerTrips() {
        for (Cause cause : Cause.values()) {
            metrics.counter(TRIPS, "cause", cause.name());
        }
    }

    /** The clock and the wall time read together. */
    public record Reading(Instant clock, Instant wall) {
    }

    /**
     * What the guard concluded before a pass: how much time legitimately elapsed since the last trusted pass, and,
     * when the clock is not trusted, why.
     *
     * @param lead {@code null} when the clock is trusted, else what was measured
     */
    public record Verdict(Duration interval, String lead) {

        public boolean trusted() {
            return lead == null;
        }
    }

    /**
     * Judges the clock's move from {@code base} to {@code now}: not trusted when it moved more than {@code maxLead}
     * further than wall time; otherwise the elapsed interval is the clock's move, at most wall time plus
     * {@code maxLead}. With no base (the very first pass) the interval is {@code maxLead}.
     */
    public static Verdict judge(Reading base, Reading now, Duration maxLead) {
        if (base == null) {
            return new Verdict(maxLead, null);
        }
        Duration clockMoved = Duration.between(base.clock(), now.clock());
        Duration wallMoved = Duration.between(base.wall(), now.wall());
        if (wallMoved.isNegative()) {
            wallMoved = Duration.ZERO;
        }
        Duration lead = clockMoved.minus(wallMoved);
        if (lead.compareTo(maxLead) > 0) {
            return new Verdict(Duration.ZERO, "the clock moved " + Durations.describe(clockMoved) + " (to "
                    + now.clock() + ") in " + Durations.describe(wallMoved) + " of wall time, "
                    + Durations.describe(lead)
                    + " ahead; at most max-lead " + Durations.describe(maxLead) + " is trusted");
        }
        Duration interval = clockMoved.compareTo(wallMoved.plus(maxLead)) < 0 ? clockMoved : wallMoved.plus(maxLead);
        return new Verdict(interval.isNegative() ? Duration.ZERO : interval, null);
    }

    /**
     * Runs one pass: judges the clock at {@code now}, runs {@code work} with what it may expire, then announces new
     * pauses and updates the gauges. When the guard cannot judge (the database is unreachable), nothing runs.
     *
     * @return what {@code work} returned, or 0 when it did not run
     */
    public int during(Instant now, ToIntFunction<Pass> work) {
        turns.lock();
        try {
            Pass pass;
            try {
                pass = QuarkusTransaction.requiringNew().call(() -> begin(now));
            } catch (RuntimeException e) {
                LOG.error("the clock guard could not read its base; no chain is advanced until it can", e);
                return 0;
            }
            try {
                return work.applyAsInt(pass);
            } finally {
                announcePauses();
                announceResumes();
                refreshGauges();
            }
        } finally {
            turns.unlock();
        }
    }

    private Pass begin(Instant now) {
        Reading reading = new Reading(now, wallNow());
        ClockReadingEntity base = ClockReadingEntity.findById(ClockReadingEntity.ID, LockModeType.PESSIMISTIC_WRITE);
        Verdict verdict = judge(base == null ? null : new Reading(base.clockAt, base.wallAt), reading,
                settings.maxLead());
        Instant trustedBefore = base == null ? null : base.clockAt;
        if (verdict.trusted()) {
            rebase(base, reading);
        } else if (!distrusted) {
            LOG.warnf("clock guard: %s; no point expires until an admin resumes the policies that pause",
                    verdict.lead());
        }
        distrusted = !verdict.trusted();
        Map<UUID, Instant> approved = new HashMap<>();
        Set<UUID> paused = new HashSet<>();
        for (DeletionPauseEntity pause : DeletionPauseEntity.<DeletionPauseEntity>listAll()) {
            if (pause.paused) {
                paused.add(pause.policyId);
            } else if (pause.approvedUntil != null) {
                approved.put(pause.policyId, pause.approvedUntil);
            }
        }
        return new Pass(reading, verdict, trustedBefore, paused, approved);
    }

    private static void rebase(ClockReadingEntity base, Reading reading) {
        if (base == null) {
            ClockReadingEntity first = new ClockReadingEntity();
            first.clockAt = reading.clock();
            first.wallAt = reading.wall();
            first.persist();
        } else {
            base.clockAt = reading.clock();
            base.wallAt = reading.wall();
        }
    }

    /** One pass as the guard sees it: what each policy's chains may expire, and the pauses it records. */
    public final class Pass {

        private final Reading reading;
        private final Verdict verdict;
        private final Instant trustedBefore;
        private final Set<UUID> paused;
        private final Map<UUID, Instant> approved;

        Pass(Reading reading, Verdict verdict, Instant trustedBefore, Set<UUID> paused, Map<UUID, Instant> approved) {
            this.reading = reading;
            this.verdict = verdict;
            this.trustedBefore = trustedBefore;
            this.paused = ConcurrentHashMap.newKeySet();
            this.paused.addAll(paused);
            this.approved = approved;
        }

        /**
         * What a chain of {@code policyId} may expire in this pass: nothing while the clock is not trusted or the
         * policy is paused; otherwise what its schedule explains for the elapsed interval, counting only expiries
         * after the last instant already trusted (the previous pass's clock, or the admin's last resume).
         */
        public ExpiryBudget budgetFor(UUID policyId) {
            if (!verdict.trusted() || paused.contains(policyId)) {
                return ExpiryBudget.PAUSED;
            }
            Instant confirmed = approved.get(policyId);
            Instant countedAfter = trustedBefore == null || (confirmed != null && confirmed.isAfter(trustedBefore))
                    ? confirmed : trustedBefore;
            return ExpiryBudget.forInterval(verdict.interval(), settings.expirySlack(), countedAfter);
        }

        /**
         * A chain of {@code policyId} held back {@code expiries} due expiries: pauses the policy's deletions, in the
         * caller's transaction (the one that advanced the chain), unless they are paused already.
         */
        public void held(UUID policyId, UUID chainId, int expiries) {
            if (expiries == 0 || paused.contains(policyId)) {
                return;
            }
            Cause cause = verdict.trusted() ? Cause.EXPIRY_BUDGET : Cause.CLOCK_LEAD;
            String reason = verdict.trusted()
                    ? "chain " + chainId + " would expire " + expiries + " points in one pass covering "
                    + Durations.describe(verdict.interval()) + " of elapsed time, more than its schedule explains plus"
                    + " expiry-slack " + settings.expirySlack()
                    : verdict.lead() + "; chain " + chainId + " would expire " + expiries + " points";
            DeletionPauseEntity pause = DeletionPauseEntity.findById(policyId, LockModeType.PESSIMISTIC_WRITE);
            boolean first = pause == null;
            if (first) {
                pause = new DeletionPauseEntity();
                pause.policyId = policyId;
            }
            pause.paused = true;
            pause.cause = cause.name();
            pause.reason = reason;
            pause.pausedAt = reading.wall();
            pause.clockAt = reading.clock();
            pause.announced = false;
            if (first) {
                pause.persist();
            }
            paused.add(policyId);
            afterCommit(() -> {
                metrics.counter(TRIPS, "cause", cause.name()).increment();
                LOG.warnf("deletions of policy %s paused (%s): %s", policyId, cause, reason);
            });
        }
    }

    /** The deletion state of a policy. */
    public DeletionsView state(UUID policyId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            DeletionPauseEntity pause = DeletionPauseEntity.findById(policyId);
            requireKnown(policyId, pause);
            return view(policyId, pause);
        });
    }

    /**
     * Resumes the deletions of a paused policy: the expiries held back happen on the next pass, and the guard takes
     * the clock's instant now as trusted (it does not trip again on the same jump).
     *
     * @throws UnknownPolicyException      when no chain of the policy is known
     * @throws DeletionsNotPausedException when its deletions are not paused
     */
    public DeletionsView resume(UUID policyId, String by) {
        turns.lock();
        try {
            DeletionsView view = QuarkusTransaction.requiringNew().call(() -> {
                DeletionPauseEntity pause = DeletionPauseEntity.findById(policyId, LockModeType.PESSIMISTIC_WRITE);
                requireKnown(policyId, pause);
                if (pause == null || !pause.paused) {
                    throw new DeletionsNotPausedException(policyId);
                }
                Reading reading = new Reading(clock.instant(), wallNow());
                pause.paused = false;
                pause.resumedAt = reading.wall();
                pause.resumedBy = by;
                pause.resumeAnnounced = false;
                pause.approvedUntil = reading.clock();
                rebase(ClockReadingEntity.findById(ClockReadingEntity.ID, LockModeType.PESSIMISTIC_WRITE), reading);
                // the chains that held expiries are next due at their next other event: make them due now
                ChainEntity.update("nextDueAt = ?1 where policyId = ?2 and (nextDueAt is null or nextDueAt > ?1)",
                        reading.clock(), policyId);
                return view(policyId, pause);
            });
            LOG.warnf("deletions of policy %s resumed by %s; the expiries due up to %s are confirmed", policyId, by,
                    view.resumedAt());
            announceResumes();
            refreshGauges();
            return view;
        } finally {
            turns.unlock();
        }
    }

    /** Sends {@code DeletionsPaused} for each pause not yet announced; what fails is tried on the next pass. */
    private void announcePauses() {
        try {
            List<DeletionPauseEntity> pending = QuarkusTransaction.requiringNew().call(() ->
                    DeletionPauseEntity.<DeletionPauseEntity>list("paused = true and announced = false"));
            for (DeletionPauseEntity pause : pending) {
                announcer.announce(DeletionsPaused.of(pause.policyId, pause.cause, pause.reason, pause.clockAt,
                        pause.pausedAt));
                QuarkusTransaction.requiringNew().run(() -> DeletionPauseEntity.update(
                        "announced = true where policyId = ?1 and pausedAt = ?2", pause.policyId, pause.pausedAt));
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not announce a pause of deletions yet (%s); the next pass tries again", e.getMessage());
        }
    }

    /** Sends {@code DeletionsResumed} for each resume not yet announced; what fails is tried on the next pass. */
    private void announceResumes() {
        try {
            List<DeletionPauseEntity> pending = QuarkusTransaction.requiringNew().call(() ->
                    DeletionPauseEntity.<DeletionPauseEntity>list("resumeAnnounced = false and resumedAt is not null"));
            for (DeletionPauseEntity pause : pending) {
                announcer.announce(DeletionsResumed.of(pause.policyId,
                        pause.resumedBy == null ? "unknown" : pause.resumedBy, pause.resumedAt));
                QuarkusTransaction.requiringNew().run(() -> DeletionPauseEntity.update(
                        "resumeAnnounced = true where policyId = ?1 and resumedAt = ?2", pause.policyId,
                        pause.resumedAt));
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not announce a resume of deletions yet (%s); the next pass tries again", e.getMessage());
        }
    }

    /** One gauge per policy that ever paused here: 1 while paused, 0 after. */
    private void refreshGauges() {
        try {
            Map<UUID, Boolean> states = new HashMap<>();
            QuarkusTransaction.requiringNew().call(() -> DeletionPauseEntity.<DeletionPauseEntity>listAll())
                    .forEach(pause -> states.put(pause.policyId, pause.paused));
            states.forEach((policyId, paused) -> pausedGauges.computeIfAbsent(policyId, id -> {
                AtomicInteger state = new AtomicInteger();
                Gauge.builder(PAUSED_GAUGE, state, AtomicInteger::get).tag("policy", id.toString())
                        .description("1 while the deletions of the policy are paused by the clock guard")
                        .register(metrics);
                return state;
            }).set(paused ? 1 : 0));
        } catch (RuntimeException e) {
            LOG.warnf("could not read the paused policies for the metrics (%s)", e.getMessage());
        }
    }

    private static void requireKnown(UUID policyId, DeletionPauseEntity pause) {
        if (pause == null && ChainEntity.count("policyId", policyId) == 0) {
            throw new UnknownPolicyException(policyId);
        }
    }

    private static DeletionsView view(UUID policyId, DeletionPauseEntity pause) {
        if (pause == null) {
            return new DeletionsView(policyId, false, null, null, null, null, null, null);
        }
        return new DeletionsView(policyId, pause.paused, pause.cause, pause.reason, pause.pausedAt, pause.clockAt,
                pause.resumedAt, pause.resumedBy);
    }

    /** Wall time by the database's clock: it moves even while this service is down, and is not its host's. */
    private static Instant wallNow() {
        Object now = Panache.getEntityManager().createNativeQuery("SELECT clock_timestamp()").getSingleResult();
        if (now instanceof Instant instant) {
            return instant;
        }
        if (now instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (now instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("clock_timestamp() answered " + now.getClass().getName());
    }

    private void afterCommit(Runnable action) {
        AfterCompletion.register(synchronizations, status -> {
            if (status == Status.STATUS_COMMITTED) {
                action.run();
            }
        });
    }
}
