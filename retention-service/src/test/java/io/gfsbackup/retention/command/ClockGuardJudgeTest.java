package io.gfsbackup.retention.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.gfsbackup.retention.command.ClockGuard.Reading;
import io.gfsbackup.retention.command.ClockGuard.Verdict;

/** How the clock guard judges the clock's move between two passes against the wall time that elapsed. */
class ClockGuardJudgeTest {

    private static final Instant T = Instant.parse("2026-01-05T07:00:00Z");
    private static final Duration MAX_LEAD = Duration.ofMinutes(5);

    @Test
    void aClockThatMovesWithWallTimeIsTrustedForTheTimeThatElapsed() {
        Verdict verdict = ClockGuard.judge(new Reading(T, T), new Reading(T.plusSeconds(61), T.plusSeconds(60)),
                MAX_LEAD);

        assertThat(verdict.trusted()).isTrue();
        assertThat(verdict.interval()).isEqualTo(Duration.ofSeconds(61));
    }

    @Test
    void aClockThatRunsAheadOfWallTimeByMoreThanMaxLeadIsNotTrusted() {
        Verdict verdict = ClockGuard.judge(new Reading(T, T),
                new Reading(T.plus(Duration.ofDays(365)), T.plusSeconds(3)), MAX_LEAD);

        assertThat(verdict.trusted()).isFalse();
        assertThat(verdict.lead()).startsWith("the clock moved 365 d 0 h (to 2027-01-05T07:00:00Z) in 3 s of wall"
                + " time, 364 d 23 h ahead");
    }

    @Test
    void aCatchUpAfterAnOutageIsTrustedBecauseWallTimeElapsedToo() {
        Verdict verdict = ClockGuard.judge(new Reading(T, T),
                new Reading(T.plus(Duration.ofDays(2)), T.plus(Duration.ofDays(2)).minusSeconds(100)), MAX_LEAD);

        assertThat(verdict.trusted()).isTrue();
        assertThat(verdict.interval()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void aLeadWithinMaxLeadIsTrustedButTheIntervalIsAtMostWallTimePlusMaxLead() {
        Verdict verdict = ClockGuard.judge(new Reading(T, T),
                new Reading(T.plus(Duration.ofMinutes(4)), T.plusSeconds(1)), MAX_LEAD);

        assertThat(verdict.trusted()).isTrue();
        assertThat(verdict.interval()).isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void aClockThatWentBackOrAFirstPassWithoutBaseIsTrusted() {
        assertThat(ClockGuard.judge(new Reading(T, T), new Reading(T.minusSeconds(600), T.plusSeconds(1)),
                MAX_LEAD)).isEqualTo(new Verdict(Duration.ZERO, null));
        assertThat(ClockGuard.judge(null, new Reading(T, T), MAX_LEAD)).isEqualTo(new Verdict(MAX_LEAD, null));
    }
}
