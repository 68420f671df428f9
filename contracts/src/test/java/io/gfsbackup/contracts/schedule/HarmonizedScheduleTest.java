package io.gfsbackup.contracts.schedule;

import io.gfsbackup.contracts.Policies;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.DailySchedule;
import io.gfsbackup.contracts.policy.Schedule;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.policy.WeekOfMonth;
import io.gfsbackup.contracts.policy.WeeklySchedule;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Month;
import java.time.Period;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;

import static io.gfsbackup.contracts.policy.Tier.D;
import static io.gfsbackup.contracts.policy.Tier.M;
import static io.gfsbackup.contracts.policy.Tier.W;
import static io.gfsbackup.contracts.policy.Tier.Y;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HarmonizedScheduleTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void section3ExampleFlagsTheSlotsOfTheFirstTwoMondaysOfJanuary() {
        List<Slot> slots = HarmonizedSchedule.slots(Policies.veeam(), Instant.parse("2026-01-05T00:00:00Z"),
                Instant.parse("2026-01-13T00:00:00Z"));

        assertThat(slots).hasSize(16);
        assertThat(slots.get(0)).isEqualTo(new Slot(Instant.parse("2026-01-05T07:00:00Z"), EnumSet.of(D, W, M)));
        assertThat(slots.get(1)).isEqualTo(new Slot(Instant.parse("2026-01-05T11:00:00Z"), EnumSet.of(D)));
        assertThat(slots.get(14)).isEqualTo(new Slot(Instant.parse("2026-01-12T07:00:00Z"), EnumSet.of(D, W)));
        assertThat(slots).extracting(Slot::at).isSorted();
    }

    @Test
    void theRangeIsInclusiveAtItsStartAndExclusiveAtItsEnd() {
        Instant seven = Instant.parse("2026-01-05T07:00:00Z");
        Instant eleven = Instant.parse("2026-01-05T11:00:00Z");

        assertThat(HarmonizedSchedule.slots(Policies.veeam(), seven, eleven)).extracting(Slot::at)
                .containsExactly(seven);
        assertThat(HarmonizedSchedule.slots(Policies.veeam(), eleven, eleven)).isEmpty();
    }

    @Test
    void theMostFrequentTierPresentCreatesThePoints() {
        assertThat(HarmonizedSchedule.creatingTier(Policies.veeam().schedule())).isEqualTo(D);
        assertThat(HarmonizedSchedule.creatingTier(new Schedule(null, null, null,
                Policies.yearlyOnly(UTC, Month.MAY, WeekOfMonth.FIRST, DayOfWeek.MONDAY, Policies.SEVEN,
                        Period.ofYears(1)).schedule().yearly()))).isEqualTo(Y);
        assertThatThrownBy(() -> HarmonizedSchedule.creatingTier(new Schedule(null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dailyDaysLimitTheDaysOnWhichPointsAreCreated() {
        BackupPolicy weekdays = Policies.policy(UTC, new Schedule(new DailySchedule(List.of(LocalTime.of(22, 0)),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), Period.ofDays(7)), null, null, null), 0);

        List<Slot> week = HarmonizedSchedule.slots(weekdays, Instant.parse("2026-01-05T00:00:00Z"),
                Instant.parse("2026-01-12T00:00:00Z"));

        assertThat(week).extracting(Slot::at).containsExactly(Instant.parse("2026-01-05T22:00:00Z"),
                Instant.parse("2026-01-06T22:00:00Z"), Instant.parse("2026-01-07T22:00:00Z"),
                Instant.parse("2026-01-08T22:00:00Z"), Instant.parse("2026-01-09T22:00:00Z"));
    }

    @Test
    void timesListedOutOfOrderGiveSlotsInTimeOrder() {
        BackupPolicy policy = Policies.daily(UTC, Period.ofDays(1), LocalTime.of(18, 0), LocalTime.of(6, 0));

        assertThat(HarmonizedSchedule.slots(policy, Instant.parse("2026-01-05T00:00:00Z"),
                Instant.parse("2026-01-06T00:00:00Z"))).extracting(Slot::at)
                .containsExactly(Instant.parse("2026-01-05T06:00:00Z"), Instant.parse("2026-01-05T18:00:00Z"));
    }

    @Test
    void nextSlotIsTheFirstSlotStrictlyAfterTheInstant() {
        BackupPolicy policy = Policies.veeam();

        assertThat(HarmonizedSchedule.nextSlot(policy, Instant.parse("2026-01-05T07:00:00Z")))
                .contains(new Slot(Instant.parse("2026-01-05T11:00:00Z"), EnumSet.of(D)));
        assertThat(HarmonizedSchedule.nextSlot(policy, Instant.parse("2026-01-05T06:59:59.999Z")))
                .contains(new Slot(Instant.parse("2026-01-05T07:00:00Z"), EnumSet.of(D, W, M)));
    }

    @Test
    void nextSlotOfTierGivesTheCarryDeadlineOfEachTier() {
        BackupPolicy policy = Policies.veeam();
        Instant monday = Instant.parse("2026-01-05T07:00:00Z");

        assertThat(HarmonizedSchedule.nextSlotOfTier(policy, D, monday)).contains(Instant.parse("2026-01-05T11:00:00Z"));
        assertThat(HarmonizedSchedule.nextSlotOfTier(policy, W, monday)).contains(Instant.parse("2026-01-12T07:00:00Z"));
        assertThat(HarmonizedSchedule.nextSlotOfTier(policy, M, monday)).contains(Instant.parse("2026-03-02T07:00:00Z"));
        assertThat(HarmonizedSchedule.nextSlotOfTier(policy, Y, monday)).isEmpty();
    }

    @Test
    void nextSlotOfAYearlyTierIsFoundAYearAhead() {
        BackupPolicy section1 = Policies.section1();

        assertThat(HarmonizedSchedule.nextSlotOfTier(section1, Y, Instant.parse("2026-01-05T06:00:00Z")))
                .contains(Instant.parse("2027-01-04T06:00:00Z"));
        assertThat(HarmonizedSchedule.nextSlot(Policies.yearlyOnly(UTC, Month.DECEMBER, WeekOfMonth.LAST,
                DayOfWeek.SUNDAY, LocalTime.of(23, 30), Period.ofYears(7)), Instant.parse("2026-12-28T00:00:00Z")))
                .map(Slot::at).contains(Instant.parse("2027-12-26T23:30:00Z"));
    }

    @Test
    void aWeeklyTierOverADailyTierFlagsOnlyItsDayAndTime() {
        BackupPolicy policy = Policies.policy(UTC, new Schedule(
                DailySchedule.everyDay(Period.ofDays(2), LocalTime.of(1, 0), LocalTime.of(13, 0)),
                new WeeklySchedule(DayOfWeek.WEDNESDAY, LocalTime.of(13, 0), Period.ofWeeks(4)), null, null), 0);

        List<Slot> slots = HarmonizedSchedule.slots(policy, Instant.parse("2026-01-05T00:00:00Z"),
                Instant.parse("2026-01-19T00:00:00Z"));

        assertThat(slots).filteredOn(slot -> slot.has(Tier.W)).extracting(Slot::at).containsExactly(
                Instant.parse("2026-01-07T13:00:00Z"), Instant.parse("2026-01-14T13:00:00Z"));
        assertThat(slots).hasSize(28).allSatisfy(slot -> assertThat(slot.has(D)).isTrue());
    }
}
