package io.gfsbackup.contracts.schedule;

import io.gfsbackup.contracts.Policies;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.policy.WeekOfMonth;
import io.gfsbackup.contracts.retention.RetentionSettings;
import io.gfsbackup.contracts.simulation.SimulatedPoint;
import io.gfsbackup.contracts.simulation.Simulation;
import io.gfsbackup.contracts.simulation.SimulationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Month ends, leap years, week ordinals and single-tier policies (sections 1, 3 and 4). */
class CalendarTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    @ParameterizedTest(name = "{0} plus {1} is {2}")
    @CsvSource({
            "2026-01-31T07:00:00Z, P1M, 2026-02-28T07:00:00Z",
            "2028-01-31T07:00:00Z, P1M, 2028-02-29T07:00:00Z",
            "2026-03-31T07:00:00Z, P1M, 2026-04-30T07:00:00Z",
            "2028-02-29T07:00:00Z, P1Y, 2029-02-28T07:00:00Z",
            "2028-02-29T07:00:00Z, P4Y, 2032-02-29T07:00:00Z",
            "2026-08-31T07:00:00Z, P6M, 2027-02-28T07:00:00Z",
            "2026-01-31T07:00:00Z, P1M1D, 2026-03-01T07:00:00Z",
            "2026-01-05T07:00:00Z, P2W, 2026-01-19T07:00:00Z"})
    void aKeepPeriodIsCalendarArithmeticThatClampsToTheEndOfTheMonth(Instant slot, Period keep, Instant expiry) {
        RetentionSettings settings = RetentionSettings.of(Policies.daily(UTC, keep, LocalTime.of(7, 0)));

        assertThat(settings.expiryOf(slot, Tier.D)).isEqualTo(expiry);
    }

    @Test
    void aPointOf31JanuaryKeptOneMonthExpiresOn28February() {
        SimulationResult result = Simulation.run(Policies.daily(UTC, Period.ofMonths(1), LocalTime.of(7, 0)),
                Instant.parse("2026-01-31T00:00:00Z"), Instant.parse("2026-03-05T00:00:00Z"));

        assertThat(point(result, "2026-01-31T07:00:00Z").expiredAt()).isEqualTo(Instant.parse("2026-02-28T07:00:00Z"));
        assertThat(point(result, "2026-01-30T07:00:00Z", result.restorePoints())).isNull();
        assertThat(point(result, "2026-02-01T07:00:00Z").expiredAt()).isEqualTo(Instant.parse("2026-03-01T07:00:00Z"));
        assertThat(point(result, "2026-02-28T07:00:00Z").expiredAt()).as("28 March is after the end").isNull();
    }

    @Test
    void aLeapDayPointKeptOneYearExpiresOn28FebruaryOfTheNextYear() {
        SimulationResult result = Simulation.run(Policies.daily(UTC, Period.ofYears(1), LocalTime.of(7, 0)),
                Instant.parse("2028-02-29T00:00:00Z"), Instant.parse("2029-03-02T00:00:00Z"));

        assertThat(point(result, "2028-02-29T07:00:00Z").expiredAt()).isEqualTo(Instant.parse("2029-02-28T07:00:00Z"));
        assertThat(point(result, "2028-02-28T07:00:00Z", result.restorePoints())).isNull();
    }

    @ParameterizedTest(name = "the {0} {1} of {2} is the {3}th")
    @CsvSource({
            "FIRST, FRIDAY, 2026-01, 2", "SECOND, FRIDAY, 2026-01, 9", "THIRD, FRIDAY, 2026-01, 16",
            "FOURTH, FRIDAY, 2026-01, 23", "LAST, FRIDAY, 2026-01, 30",
            "FOURTH, FRIDAY, 2026-02, 27", "LAST, FRIDAY, 2026-02, 27",
            "LAST, SUNDAY, 2026-05, 31", "FIRST, SUNDAY, 2026-03, 1", "LAST, MONDAY, 2028-02, 28",
            "LAST, TUESDAY, 2028-02, 29"})
    void weekOfMonthOrdinalsPickTheRightDay(WeekOfMonth week, DayOfWeek day, String month, int dayOfMonth) {
        BackupPolicy monthly = Policies.monthlyOnly(UTC, week, day, LocalTime.of(3, 0), Period.ofYears(1));
        LocalDate first = LocalDate.parse(month + "-01");

        List<Slot> slots = HarmonizedSchedule.slots(monthly, first.atStartOfDay(UTC).toInstant(),
                first.plusMonths(1).atStartOfDay(UTC).toInstant());

        assertThat(slots).containsExactly(new Slot(first.withDayOfMonth(dayOfMonth).atTime(3, 0).atZone(UTC).toInstant(),
                Set.of(Tier.M)));
    }

    @Test
    void aWeeklyOnlyPolicyCreatesOnePointAWeekFlaggedW() {
        BackupPolicy weekly = Policies.weeklyOnly(UTC, DayOfWeek.SATURDAY, LocalTime.of(23, 0), Period.ofWeeks(4));

        SimulationResult result = Simulation.run(weekly, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-03-01T00:00:00Z"));

        // the Saturdays of January and February 2026: 3, 10, 17, 24, 31, 7, 14, 21, 28
        assertThat(result.restorePoints()).hasSize(9).allSatisfy(p -> {
            assertThat(p.flags()).containsExactly(Tier.W);
            assertThat(p.slot().atZone(UTC).getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
        });
        assertThat(result.restorePoints().get(0).slot()).isEqualTo(Instant.parse("2026-01-03T23:00:00Z"));
        assertThat(result.restorePoints().get(0).expiredAt()).isEqualTo(Instant.parse("2026-01-31T23:00:00Z"));
        assertThat(result.summary().peakAlive()).isEqualTo(4);
    }

    @Test
    void aMonthlyOnlyPolicyCreatesOnePointInEachOfItsMonthsFlaggedM() {
        BackupPolicy monthly = Policies.monthlyOnly(UTC, WeekOfMonth.FIRST, DayOfWeek.SUNDAY, LocalTime.of(3, 0),
                Period.ofMonths(3));

        SimulationResult result = Simulation.run(monthly, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"));

        assertThat(result.restorePoints()).hasSize(12).allSatisfy(p -> assertThat(p.flags()).containsExactly(Tier.M));
        assertThat(result.restorePoints().get(0).slot()).isEqualTo(Instant.parse("2026-01-04T03:00:00Z"));
        assertThat(result.restorePoints().get(0).expiredAt()).isEqualTo(Instant.parse("2026-04-04T03:00:00Z"));
        // mostly 3 alive; 4 on 6 September, when the point of 7 June (kept to 7 September) is still there
        assertThat(result.summary().peakAlive()).isEqualTo(4);
    }

    @Test
    void aYearlyOnlyPolicyCreatesOnePointAYearFlaggedYAndExpiresItAfterItsKeep() {
        BackupPolicy yearly = Policies.yearlyOnly(UTC, Month.DECEMBER, WeekOfMonth.LAST, DayOfWeek.SUNDAY,
                LocalTime.of(23, 30), Period.ofYears(7));

        SimulationResult result = Simulation.run(yearly, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2036-01-01T00:00:00Z"));

        assertThat(result.restorePoints()).hasSize(10).allSatisfy(p -> assertThat(p.flags()).containsExactly(Tier.Y));
        assertThat(result.restorePoints().get(0).slot()).isEqualTo(Instant.parse("2026-12-27T23:30:00Z"));
        assertThat(result.restorePoints().get(0).expiredAt()).isEqualTo(Instant.parse("2033-12-27T23:30:00Z"));
        assertThat(result.restorePoints().get(2).slot()).isEqualTo(Instant.parse("2028-12-31T23:30:00Z"));
        assertThat(result.restorePoints().get(2).expiredAt()).isEqualTo(Instant.parse("2035-12-31T23:30:00Z"));
        assertThat(result.restorePoints().get(3).expiredAt()).isNull();
        assertThat(result.summary().expired()).isEqualTo(3);
    }

    @Test
    void twentyFourTimesADayGive24SlotsADayAndKeepOneDayOfThem() {
        BackupPolicy hourly = Policies.daily(UTC, Period.ofDays(1), DaylightSavingTest.everyHour());

        SimulationResult result = Simulation.run(hourly, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-08T00:00:00Z"));

        assertThat(result.restorePoints()).hasSize(7 * 24);
        assertThat(result.summary().peakAlive()).isEqualTo(24);
        assertThat(result.summary().aliveAtEnd()).isEqualTo(24);
        assertThat(result.restorePoints().get(0).expiredAt()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    }

    private static SimulatedPoint point(SimulationResult result, String slot) {
        SimulatedPoint point = point(result, slot, result.restorePoints());
        assertThat(point).as("point of " + slot).isNotNull();
        return point;
    }

    private static SimulatedPoint point(SimulationResult result, String slot, List<SimulatedPoint> points) {
        return points.stream().filter(p -> p.slot().equals(Instant.parse(slot))).findFirst().orElse(null);
    }
}
