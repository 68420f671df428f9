package io.gfsbackup.contracts;

import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.DailySchedule;
import io.gfsbackup.contracts.policy.MonthlySchedule;
import io.gfsbackup.contracts.policy.Schedule;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.policy.WeeklySchedule;
import io.gfsbackup.contracts.policy.YearlySchedule;
import io.gfsbackup.contracts.retention.ArchiveDue;
import io.gfsbackup.contracts.retention.BackupChain;
import io.gfsbackup.contracts.retention.ChainEvent;
import io.gfsbackup.contracts.retention.FlagUnassigned;
import io.gfsbackup.contracts.retention.RetentionSettings;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;
import io.gfsbackup.contracts.simulation.SimulatedPoint;
import io.gfsbackup.contracts.simulation.Simulation;
import io.gfsbackup.contracts.simulation.SimulationResult;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slot and retention rules of sections 2 to 5 as properties of random harmonized policies. Each case is made
 * from a seed of its own, named in the test's display name; {@link SeededCases} says how to run one case again.
 */
@ExtendWith(SeededCases.SeedReporter.class)
class RetentionPropertiesTest {

    record Case(BackupPolicy policy, Instant from, Instant to) {
    }

    private static final int TRIES = 150;

    static Stream<Arguments> cases() {
        return SeededCases.of(TRIES, RetentionPropertiesTest::randomCase);
    }

    static Stream<Arguments> fewerCases() {
        return SeededCases.of(TRIES * 2 / 3, RetentionPropertiesTest::randomCase);
    }

    private static Case randomCase(Random random) {
        Instant from = RandomPolicies.start(random);
        return new Case(RandomPolicies.policy(random), from, from.plus(Duration.ofDays(20 + random.nextInt(400))));
    }

    @ParameterizedTest(name = SeededCases.NAME)
    @MethodSource("cases")
    void aPointsFlagsAreAlwaysTiersOfThePolicyIncludingTheCreatingTier(long seed, Case c) {
        Set<Tier> tiers = c.policy().schedule().tiers();
        Tier creating = HarmonizedSchedule.creatingTier(c.policy().schedule());

        for (SimulatedPoint point : simulate(c).restorePoints()) {
            assertThat(tiers).containsAll(point.flags());
            assertThat(point.flags()).contains(creating).isSorted();
        }
    }

    @ParameterizedTest(name = SeededCases.NAME)
    @MethodSource("cases")
    void everyWeeklyMonthlyAndYearlyPointIsASlotOfTheNextMoreFrequentTier(long seed, Case c) {
        Schedule schedule = c.policy().schedule();

        for (Slot slot : HarmonizedSchedule.slots(c.policy(), c.from(), c.to())) {
            for (Tier flag : slot.flags()) {
                schedule.moreFrequentThan(flag).ifPresent(more -> assertThat(slot.flags()).contains(more));
            }
        }
    }

    @ParameterizedTest(name = SeededCases.NAME)
    @MethodSource("cases")
    void slotsAreExactlyTheLocalOccurrencesResolvedAsZonedDateTimeOfResolvesThem(long seed, Case c) {
        assertThat(HarmonizedSchedule.slots(c.policy(), c.from(), c.to())).isEqualTo(referenceSlots(c));
    }

    @ParameterizedTest(name = SeededCases.NAME)
    @MethodSource("fewerCases")
    void nextSlotIsTheFirstSlotAfterTheInstant(long seed, Case c) {
        List<Slot> slots = HarmonizedSchedule.slots(c.policy(), c.from(), c.from().plus(Duration.ofDays(800)));

        assertThat(HarmonizedSchedule.nextSlot(c.policy(), c.from().minusNanos(1))).isEqualTo(slots.stream().findFirst());
        for (Tier tier : c.policy().schedule().tiers()) {
            assertThat(HarmonizedSchedule.nextSlotOfTier(c.policy(), tier, c.from().minusNanos(1)))
                    .isEqualTo(slots.stream().filter(slot -> slot.has(tier)).map(Slot::at).findFirst());
        }
    }

    @ParameterizedTest(name = SeededCases.NAME)
    @MethodSource("cases")
    void flagsAreUnassignedAtTheirExpiryInTheOrderOfTheirExpiry(long seed, Case c) {
        RetentionSettings settings = RetentionSettings.of(c.policy());
        BackupChain chain = new BackupChain();
        List<ChainEvent> retention = new ArrayList<>();
        for (Slot slot : HarmonizedSchedule.slots(c.policy(), c.from(), c.to())) {
            chain.applyAll(chain.recordPoint(slot.at(), slot.flags(), null, settings));
            retention.addAll(chain.applyAll(chain.advanceTo(slot.at())));
        }
        retention.addAll(chain.applyAll(chain.advanceTo(c.to())));

        assertThat(retention).extracting(ChainEvent::at).isSorted();
        Map<Instant, List<Instant>> unassignedPerPoint = new TreeMap<>();
        for (ChainEvent event : retention) {
            if (event instanceof FlagUnassigned unassigned) {
                assertThat(unassigned.at()).isEqualTo(settings.expiryOf(unassigned.slot(), unassigned.flag()));
                unassignedPerPoint.computeIfAbsent(unassigned.slot(), slot -> new ArrayList<>()).add(unassigned.at());
            }
        }
        unassignedPerPoint.values().forEach(instants -> assertThat(instants).isSorted());
    }

    @ParameterizedTest(name = SeededCases.NAME)
    @MethodSource("cases")
    void noPointIsAliveAfterItsLastFlagsExpiryUnlessKeepAtLeastHoldsIt(long seed, Case c) {
        RetentionSettings settings = RetentionSettings.of(c.policy());
        int keepAtLeast = settings.keepAtLeast();
        List<SimulatedPoint> points = simulate(c).restorePoints();

        for (int i = 0; i < points.size(); i++) {
            SimulatedPoint point = points.get(i);
            Instant lastFlag = point.flags().stream().map(flag -> settings.expiryOf(point.slot(), flag))
                    .max(Instant::compareTo).orElseThrow();
            int newerIndex = i + keepAtLeast;
            Instant pushedOut = keepAtLeast == 0 ? lastFlag : newerIndex < points.size()
                    ? points.get(newerIndex).slot() : null;
            Instant expected = pushedOut == null ? null : Collections.max(List.of(lastFlag, pushedOut));
            assertThat(point.expiredAt()).isEqualTo(expected == null || !expected.isBefore(c.to()) ? null : expected);
        }
    }

    @ParameterizedTest(name = SeededCases.NAME)
    @MethodSource("cases")
    void theNumberOfLivePointsNeverExceedsWhatTheKeepPeriodsAllow(long seed, Case c) {
        RetentionSettings settings = RetentionSettings.of(c.policy());
        List<SimulatedPoint> points = simulate(c).restorePoints();

        for (SimulatedPoint now : points) {
            Instant t = now.slot();
            long alive = points.stream().filter(p -> p.isAliveAt(t)).count();
            long allowed = settings.keepAtLeast();
            for (Tier tier : c.policy().schedule().tiers()) {
                allowed += points.stream().filter(p -> p.flags().contains(tier) && !p.slot().isAfter(t)
                        && settings.expiryOf(p.slot(), tier).isAfter(t)).count();
            }
            assertThat(alive).isLessThanOrEqualTo(allowed);
        }
    }

    static Stream<Arguments> archiveCases() {
        return SeededCases.of(TRIES, random -> {
            Instant from = RandomPolicies.start(random);
            return new Case(RandomPolicies.withArchive(random, RandomPolicies.policy(random)), from,
                    from.plus(Duration.ofDays(20 + random.nextInt(800))));
        });
    }

    /**
     * Section 8 read literally, from the policy alone: a point is archived at its slot plus {@code after} in the zone
     * when one of its flags of the archived tiers, kept for its tier's keep from the slot, outlasts that instant and
     * that instant plus the storage class's minimum days; and then only if that is before the end.
     */
    @ParameterizedTest(name = SeededCases.NAME)
    @MethodSource("archiveCases")
    void aPointIsArchivedExactlyWhenAFlagOfTheArchivedTiersOutlastsTheStorageClassMinimum(long seed, Case c) {
        Archive archive = c.policy().archive();
        Set<Tier> archivedTiers = archive.tiers() == null ? c.policy().schedule().tiers() : archive.tiers();
        for (SimulatedPoint point : simulate(c).restorePoints()) {
            ZonedDateTime slot = point.slot().atZone(c.policy().timeZone());
            ZonedDateTime at = slot.plus(archive.after());
            boolean archived = point.flags().stream().filter(archivedTiers::contains).anyMatch(flag -> {
                ZonedDateTime expiry = slot.plus(c.policy().schedule().keep(flag).orElseThrow());
                return expiry.isAfter(at) && !expiry.isBefore(at.plusDays(archive.storageClass().minimumDays()));
            });
            Instant expected = archived && at.toInstant().isBefore(c.to()) ? at.toInstant() : null;
            assertThat(point.archivedAt()).as(point.slot().toString()).isEqualTo(expected);
        }
    }

    /** The chain the retention service runs asks for each archive copy exactly where the simulation archives. */
    @ParameterizedTest(name = SeededCases.NAME)
    @MethodSource("archiveCases")
    void theChainAsksForTheArchiveCopiesAtTheSimulatedArchiveInstants(long seed, Case c) {
        RetentionSettings settings = RetentionSettings.of(c.policy());
        BackupChain chain = new BackupChain();
        List<ChainEvent> decided = new ArrayList<>();
        for (Slot slot : HarmonizedSchedule.slots(c.policy(), c.from(), c.to())) {
            chain.applyAll(chain.recordPoint(slot.at(), slot.flags(), "arn:" + slot.at(), settings));
            decided.addAll(chain.applyAll(chain.advanceTo(slot.at())));
        }
        decided.addAll(chain.applyAll(chain.advanceTo(c.to().minusNanos(1))));

        assertThat(decided.stream().filter(ArchiveDue.class::isInstance).map(ArchiveDue.class::cast)
                .filter(due -> due.attempt() == 1).map(due -> due.slot() + " " + due.at() + " " + due.attempt()).toList())
                .containsExactlyInAnyOrderElementsOf(simulate(c).restorePoints().stream()
                        .filter(p -> p.archivedAt() != null).map(p -> p.slot() + " " + p.archivedAt() + " 1").toList());
    }

    /** No archive copy is deleted before the storage class's minimum duration is paid for, nor made of a dead point. */
    @ParameterizedTest(name = SeededCases.NAME)
    @MethodSource("archiveCases")
    void anArchivedPointIsAliveAtItsArchiveInstantAndLivesOnForTheStorageClassMinimum(long seed, Case c) {
        int minimumDays = c.policy().archive().storageClass().minimumDays();
        for (SimulatedPoint point : simulate(c).restorePoints()) {
            if (point.archivedAt() != null) {
                assertThat(point.isArchivedAt(point.archivedAt())).isTrue();
                if (point.expiredAt() != null) {
                    assertThat(point.expiredAt()).isAfter(point.archivedAt()).isAfterOrEqualTo(
                            point.archivedAt().atZone(c.policy().timeZone()).plusDays(minimumDays).toInstant());
                }
            }
        }
    }

    private static SimulationResult simulate(Case c) {
        return Simulation.run(c.policy(), c.from(), c.to());
    }

    /** Section 3 read literally: every local date, every time of every tier, ZonedDateTime.of, merge by instant. */
    private static List<Slot> referenceSlots(Case c) {
        BackupPolicy policy = c.policy();
        Schedule schedule = policy.schedule();
        Tier creating = HarmonizedSchedule.creatingTier(schedule);
        TreeMap<Instant, EnumSet<Tier>> slots = new TreeMap<>();
        LocalDate last = LocalDate.ofInstant(c.to(), policy.timeZone()).plusDays(2);
        for (LocalDate date = LocalDate.ofInstant(c.from(), policy.timeZone()).minusDays(2); date.isBefore(last);
             date = date.plusDays(1)) {
            for (LocalTime time : times(schedule, creating)) {
                EnumSet<Tier> flags = flags(schedule, date, time);
                Instant at = ZonedDateTime.of(LocalDateTime.of(date, time), policy.timeZone()).toInstant();
                if (flags.contains(creating) && !at.isBefore(c.from()) && at.isBefore(c.to())) {
                    slots.computeIfAbsent(at, instant -> EnumSet.noneOf(Tier.class)).addAll(flags);
                }
            }
        }
        return slots.entrySet().stream().map(slot -> new Slot(slot.getKey(), slot.getValue())).toList();
    }

    private static List<LocalTime> times(Schedule schedule, Tier creating) {
        return switch (creating) {
            case D -> schedule.daily().times();
            case W -> List.of(schedule.weekly().time());
            case M -> List.of(schedule.monthly().time());
            case Y -> List.of(schedule.yearly().time());
        };
    }

    private static EnumSet<Tier> flags(Schedule schedule, LocalDate date, LocalTime time) {
        EnumSet<Tier> flags = EnumSet.noneOf(Tier.class);
        DailySchedule d = schedule.daily();
        WeeklySchedule w = schedule.weekly();
        MonthlySchedule m = schedule.monthly();
        YearlySchedule y = schedule.yearly();
        if (d != null && d.days().contains(date.getDayOfWeek()) && d.times().contains(time)) {
            flags.add(Tier.D);
        }
        if (w != null && date.getDayOfWeek() == w.day() && time.equals(w.time())) {
            flags.add(Tier.W);
        }
        if (m != null && m.months().contains(date.getMonth()) && date.getDayOfWeek() == m.day()
                && m.week().matches(date) && time.equals(m.time())) {
            flags.add(Tier.M);
        }
        if (y != null && date.getMonth() == y.month() && date.getDayOfWeek() == y.day() && y.week().matches(date)
                && time.equals(y.time())) {
            flags.add(Tier.Y);
        }
        return flags;
    }
}
