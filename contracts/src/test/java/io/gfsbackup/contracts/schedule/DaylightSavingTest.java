package io.gfsbackup.contracts.schedule;

import io.gfsbackup.contracts.Policies;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.DailySchedule;
import io.gfsbackup.contracts.policy.Schedule;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.policy.WeeklySchedule;
import io.gfsbackup.contracts.retention.RetentionSettings;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slots and expiries across daylight-saving changes (sections 3 and 4). Europe/Berlin changes on 2026-03-29
 * (02:00 CET to 03:00 CEST) and 2026-10-25 (03:00 CEST back to 02:00 CET); America/New_York on 2026-03-08
 * (02:00 EST to 03:00 EDT) and 2026-11-01 (02:00 EDT back to 01:00 EST).
 */
class DaylightSavingTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void berlinSlotInTheSpringForwardGapMovesLaterByTheGap() {
        List<Slot> slots = slotsOf(Policies.daily(BERLIN, Period.ofDays(3), LocalTime.of(2, 30)),
                "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z");

        assertThat(slots).extracting(Slot::at).containsExactly(
                Instant.parse("2026-03-28T01:30:00Z"),  // 02:30 CET
                Instant.parse("2026-03-29T01:30:00Z"),  // 02:30 does not exist: 03:30 CEST
                Instant.parse("2026-03-30T00:30:00Z")); // 02:30 CEST
    }

    @Test
    void berlinSlotInTheFallBackOverlapRunsOnceAtTheEarlierOffset() {
        List<Slot> slots = slotsOf(Policies.daily(BERLIN, Period.ofDays(3), LocalTime.of(2, 30)),
                "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z");

        assertThat(slots).extracting(Slot::at).containsExactly(
                Instant.parse("2026-10-24T00:30:00Z"),  // 02:30 CEST
                Instant.parse("2026-10-25T00:30:00Z"),  // the first 02:30, CEST; not again at 01:30Z
                Instant.parse("2026-10-26T01:30:00Z")); // 02:30 CET
    }

    @Test
    void newYorkSlotInTheSpringForwardGapMovesLaterByTheGap() {
        List<Slot> slots = slotsOf(Policies.daily(NEW_YORK, Period.ofDays(3), LocalTime.of(2, 30)),
                "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z");

        assertThat(slots).extracting(Slot::at).containsExactly(
                Instant.parse("2026-03-07T07:30:00Z"),  // 02:30 EST
                Instant.parse("2026-03-08T07:30:00Z"),  // 02:30 does not exist: 03:30 EDT
                Instant.parse("2026-03-09T06:30:00Z")); // 02:30 EDT
    }

    @Test
    void newYorkSlotInTheFallBackOverlapRunsOnceAtTheEarlierOffset() {
        List<Slot> slots = slotsOf(Policies.daily(NEW_YORK, Period.ofDays(3), LocalTime.of(1, 30)),
                "2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z");

        assertThat(slots).extracting(Slot::at).containsExactly(
                Instant.parse("2026-10-31T05:30:00Z"),  // 01:30 EDT
                Instant.parse("2026-11-01T05:30:00Z"),  // the first 01:30, EDT; not again at 06:30Z
                Instant.parse("2026-11-02T06:30:00Z")); // 01:30 EST
    }

    @Test
    void twoLocalTimesThatResolveToOneInstantAreOneSlotWithTheFlagsOfBoth() {
        BackupPolicy policy = Policies.policy(BERLIN, new Schedule(
                DailySchedule.everyDay(Period.ofDays(3), LocalTime.of(2, 30), LocalTime.of(3, 30)),
                new WeeklySchedule(DayOfWeek.SUNDAY, LocalTime.of(2, 30), Period.ofWeeks(2)), null, null), 0);

        List<Slot> springForward = slotsOf(policy, "2026-03-28T22:00:00Z", "2026-03-29T22:00:00Z");

        assertThat(springForward).containsExactly(
                new Slot(Instant.parse("2026-03-29T01:30:00Z"), EnumSet.of(Tier.D, Tier.W)));
    }

    @Test
    void twentyFourTimesADayGive23SlotsOnTheSpringForwardDayAnd24OnTheFallBackDayInBerlin() {
        BackupPolicy hourly = Policies.daily(BERLIN, Period.ofDays(1), everyHour());

        List<Slot> spring = slotsOf(hourly, "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z");
        List<Slot> autumn = slotsOf(hourly, "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z");

        assertThat(spring).hasSize(23);
        assertThat(spring).extracting(Slot::at).doesNotHaveDuplicates().isSorted();
        assertThat(autumn).hasSize(24);
        assertThat(autumn).extracting(Slot::at).contains(Instant.parse("2026-10-25T00:00:00Z"))
                .doesNotContain(Instant.parse("2026-10-25T01:00:00Z"));
    }

    @Test
    void threeDaysAfterFriday0700IsMonday0700LocalTimeAcrossSpringForwardIn71Hours() {
        RetentionSettings settings = RetentionSettings.of(Policies.daily(BERLIN, Period.ofDays(3), LocalTime.of(7, 0)));
        Instant friday = Instant.parse("2026-03-27T06:00:00Z"); // 07:00 CET

        assertThat(settings.expiryOf(friday, Tier.D)).isEqualTo(Instant.parse("2026-03-30T05:00:00Z")); // 07:00 CEST
    }

    @Test
    void threeDaysAfterFriday0700IsMonday0700LocalTimeAcrossFallBackIn73Hours() {
        RetentionSettings settings = RetentionSettings.of(Policies.daily(BERLIN, Period.ofDays(3), LocalTime.of(7, 0)));
        Instant friday = Instant.parse("2026-10-23T05:00:00Z"); // 07:00 CEST

        assertThat(settings.expiryOf(friday, Tier.D)).isEqualTo(Instant.parse("2026-10-26T06:00:00Z")); // 07:00 CET
    }

    @Test
    void anExpiryThatFallsIntoTheGapMovesLaterByTheGap() {
        RetentionSettings settings = RetentionSettings.of(Policies.daily(NEW_YORK, Period.ofDays(3), LocalTime.of(2, 30)));
        Instant thursday = Instant.parse("2026-03-05T07:30:00Z"); // 02:30 EST

        assertThat(settings.expiryOf(thursday, Tier.D)).isEqualTo(Instant.parse("2026-03-08T07:30:00Z")); // 03:30 EDT
    }

    @Test
    void anExpiryThatFallsIntoTheOverlapKeepsTheSlotsOffset() {
        RetentionSettings settings = RetentionSettings.of(Policies.daily(BERLIN, Period.ofDays(3), LocalTime.of(2, 30)));
        Instant summer = Instant.parse("2026-10-22T00:30:00Z"); // 02:30 CEST

        assertThat(settings.expiryOf(summer, Tier.D)).isEqualTo(Instant.parse("2026-10-25T00:30:00Z")); // 02:30 CEST
    }

    @Test
    void aSimulatedPointAcrossTheChangeExpiresAtTheSameLocalTime() {
        var result = io.gfsbackup.contracts.simulation.Simulation.run(
                Policies.daily(NEW_YORK, Period.ofDays(3), LocalTime.of(7, 0)),
                Instant.parse("2026-03-06T00:00:00Z"), Instant.parse("2026-03-12T00:00:00Z"));

        var friday = result.restorePoints().get(0);
        assertThat(friday.slot()).isEqualTo(Instant.parse("2026-03-06T12:00:00Z")); // 07:00 EST
        assertThat(friday.expiredAt()).isEqualTo(Instant.parse("2026-03-09T11:00:00Z")); // 07:00 EDT
    }

    static LocalTime[] everyHour() {
        return IntStream.range(0, 24).mapToObj(hour -> LocalTime.of(hour, 0)).toArray(LocalTime[]::new);
    }

    private static List<Slot> slotsOf(BackupPolicy policy, String from, String to) {
        return HarmonizedSchedule.slots(policy, Instant.parse(from), Instant.parse(to));
    }
}
