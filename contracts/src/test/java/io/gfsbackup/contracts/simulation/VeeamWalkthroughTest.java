package io.gfsbackup.contracts.simulation;

import io.gfsbackup.contracts.Policies;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.BackupChain;
import io.gfsbackup.contracts.retention.ChainEvent;
import io.gfsbackup.contracts.retention.ChainPoint;
import io.gfsbackup.contracts.retention.FlagUnassigned;
import io.gfsbackup.contracts.retention.PointExpired;
import io.gfsbackup.contracts.retention.PointRecorded;
import io.gfsbackup.contracts.retention.RetentionSettings;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gfsbackup.contracts.policy.Tier.D;
import static io.gfsbackup.contracts.policy.Tier.M;
import static io.gfsbackup.contracts.policy.Tier.W;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Veeam guide's walk-through (retention-semantics, section 4), step by step: daily 07:00 and 11:00 kept
 * 3 days, weekly Monday 07:00 kept 14 days, monthly first Monday 07:00 of odd months kept 6 months, UTC;
 * Monday 2026-01-05 is the first Monday of January.
 */
class VeeamWalkthroughTest {

    private static final BackupPolicy POLICY = Policies.veeam();
    private static final Instant MONDAY_0700 = Instant.parse("2026-01-05T07:00:00Z");
    private static final Instant MONDAY_1100 = Instant.parse("2026-01-05T11:00:00Z");
    private static final Instant TUESDAY_0700 = Instant.parse("2026-01-06T07:00:00Z");
    private static final Instant THURSDAY_0700 = Instant.parse("2026-01-08T07:00:00Z");
    private static final Instant FRIDAY_0700 = Instant.parse("2026-01-09T07:00:00Z");
    private static final Instant WEEK_3_MONDAY_0700 = Instant.parse("2026-01-19T07:00:00Z");
    private static final Instant SIX_MONTHS_LATER = Instant.parse("2026-07-05T07:00:00Z");

    private final SimulationResult simulation =
            Simulation.run(POLICY, Instant.parse("2026-01-05T00:00:00Z"), Instant.parse("2026-08-01T00:00:00Z"));

    @Test
    void step1MondaySevenOClockPointCarriesDailyWeeklyAndMonthlyFlags() {
        assertThat(point(MONDAY_0700).flags()).containsExactly(D, W, M);
    }

    @Test
    void step2TheOtherPointsOfTheFirstWeekCarryOnlyTheDailyFlag() {
        List<SimulatedPoint> firstWeek = simulation.restorePoints().stream()
                .filter(p -> p.slot().isAfter(MONDAY_0700) && p.slot().isBefore(Instant.parse("2026-01-12T00:00:00Z")))
                .toList();

        assertThat(firstWeek).hasSize(13);
        assertThat(firstWeek).allSatisfy(p -> assertThat(p.flags()).containsExactly(D));
    }

    @Test
    void step3OnThursdayTheMondayPointLosesOnlyItsDailyFlagAndStays() {
        SimulatedPoint monday = point(MONDAY_0700);

        assertThat(monday.unassigned().get(D)).isEqualTo(THURSDAY_0700);
        assertThat(monday.unassigned().get(W)).isAfter(THURSDAY_0700);
        assertThat(monday.isAliveAt(THURSDAY_0700)).isTrue();
        assertThat(point(THURSDAY_0700).flags()).containsExactly(D);
    }

    @Test
    void step3TheMondayElevenOClockPointWithOnlyDailyIsExpiredOnThursdayAtEleven() {
        assertThat(point(MONDAY_1100).expiredAt()).isEqualTo(Instant.parse("2026-01-08T11:00:00Z"));
    }

    @Test
    void step4OnFridayTheTuesdaySevenOClockPointIsExpired() {
        SimulatedPoint tuesday = point(TUESDAY_0700);

        assertThat(tuesday.flags()).containsExactly(D);
        assertThat(tuesday.unassigned()).containsExactly(Map.entry(D, FRIDAY_0700));
        assertThat(tuesday.expiredAt()).isEqualTo(FRIDAY_0700);
    }

    @Test
    void step5TheSecondWeekRepeatsTheFirstWithAWeeklyButNoMonthlyPoint() {
        assertThat(point(Instant.parse("2026-01-12T07:00:00Z")).flags()).containsExactly(D, W);
        assertThat(point(Instant.parse("2026-01-12T11:00:00Z")).flags()).containsExactly(D);
        assertThat(point(Instant.parse("2026-01-12T07:00:00Z")).expiredAt())
                .isEqualTo(Instant.parse("2026-01-26T07:00:00Z"));
    }

    @Test
    void step6OnMondayOfWeek3TheFirstWeeklyPointLosesItsWeeklyFlagAndStaysForItsMonthlyFlag() {
        SimulatedPoint monday = point(MONDAY_0700);

        assertThat(monday.unassigned().get(W)).isEqualTo(WEEK_3_MONDAY_0700);
        assertThat(monday.isAliveAt(WEEK_3_MONDAY_0700)).isTrue();
        assertThat(point(WEEK_3_MONDAY_0700).flags()).containsExactly(D, W);
    }

    @Test
    void step7SixCalendarMonthsAfterItsSlotTheMonthlyPointLosesItsMonthlyFlagAndIsExpired() {
        SimulatedPoint monday = point(MONDAY_0700);

        assertThat(monday.unassigned().get(M)).isEqualTo(SIX_MONTHS_LATER);
        assertThat(monday.expiredAt()).isEqualTo(SIX_MONTHS_LATER);
        assertThat(monday.isAliveAt(SIX_MONTHS_LATER.minusSeconds(1))).isTrue();
    }

    @Test
    void theMonthlyPointsAreTheFirstMondaysOfOddMonths() {
        assertThat(simulation.restorePoints()).filteredOn(p -> p.flags().contains(M))
                .extracting(SimulatedPoint::slot)
                .containsExactly(MONDAY_0700, Instant.parse("2026-03-02T07:00:00Z"),
                        Instant.parse("2026-05-04T07:00:00Z"), Instant.parse("2026-07-06T07:00:00Z"));
    }

    @Test
    void theChainDecidesTheThursdayStepInTheOrderCreateThenRetain() {
        RetentionSettings settings = RetentionSettings.of(POLICY);
        BackupChain chain = new BackupChain();
        List<ChainEvent> atThursday = new ArrayList<>();
        for (Slot slot : HarmonizedSchedule.slots(POLICY, MONDAY_0700, THURSDAY_0700.plusSeconds(1))) {
            List<ChainEvent> recorded = chain.applyAll(chain.recordPoint(slot.at(), slot.flags(), "arn", settings));
            List<ChainEvent> retained = chain.applyAll(chain.advanceTo(slot.at()));
            if (slot.at().equals(THURSDAY_0700)) {
                atThursday.addAll(recorded);
                atThursday.addAll(retained);
            }
        }

        assertThat(atThursday).containsExactly(
                new PointRecorded(THURSDAY_0700, Map.of(D, Instant.parse("2026-01-11T07:00:00Z")), null, "arn",
                        settings),
                new FlagUnassigned(MONDAY_0700, D, THURSDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED));
        ChainPoint monday = chain.point(MONDAY_0700).orElseThrow();
        assertThat(monday.remainingFlags()).containsExactly(W, M);
        assertThat(monday.isAlive()).isTrue();
    }

    @Test
    void theChainExpiresTheTuesdayPointOnFridayWithNoFlagsLeft() {
        RetentionSettings settings = RetentionSettings.of(POLICY);
        BackupChain chain = new BackupChain();
        for (Slot slot : HarmonizedSchedule.slots(POLICY, MONDAY_0700, FRIDAY_0700)) {
            chain.applyAll(chain.recordPoint(slot.at(), slot.flags(), "arn", settings));
            chain.applyAll(chain.advanceTo(slot.at()));
        }

        chain.applyAll(chain.recordPoint(FRIDAY_0700, java.util.Set.of(Tier.D), "arn", settings));
        List<ChainEvent> atFriday = chain.applyAll(chain.advanceTo(FRIDAY_0700));

        assertThat(atFriday).containsExactly(
                new FlagUnassigned(TUESDAY_0700, D, FRIDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED),
                new PointExpired(TUESDAY_0700, FRIDAY_0700, PointExpired.Reason.NO_FLAGS_LEFT));
    }

    private SimulatedPoint point(Instant slot) {
        return simulation.restorePoints().stream().filter(p -> p.slot().equals(slot)).findFirst().orElseThrow();
    }
}
