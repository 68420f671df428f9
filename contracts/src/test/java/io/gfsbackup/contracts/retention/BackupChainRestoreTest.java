package io.gfsbackup.contracts.retention;

import io.gfsbackup.contracts.messages.RestoreEnded.Outcome;
import io.gfsbackup.contracts.messages.RestoreTestResult;
import io.gfsbackup.contracts.policy.Tier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Restores are part of a point's history and take no part in a chain's retention decisions. */
class BackupChainRestoreTest {

    private static final Instant T0 = Instant.parse("2026-01-05T07:00:00Z");
    private static final RetentionSettings SETTINGS = new RetentionSettings(ZoneId.of("UTC"),
            Map.of(Tier.D, Period.ofDays(3), Tier.W, Period.ofDays(14)), 1);
    private static final UUID RESTORE = UUID.fromString("9d0f1c7e-2a4b-4c1d-8e3f-5a6b7c8d9e0f");
    private static final String TARGET = "arn:aws:dynamodb:us-east-1:123456789012:table/gfs-scratch-orders";

    private static RestoreStarted started(Instant slot, Instant at, String worker, boolean test) {
        return new RestoreStarted(slot, at, RESTORE, "arn:" + slot, TARGET, "operations", at.minusSeconds(5), test,
                worker);
    }

    private static RestoreEnded ended(Instant slot, Instant at, RestoreTestResult validation) {
        return new RestoreEnded(slot, at, RESTORE, "arn:" + slot, TARGET, "operations", at.minusSeconds(600), false,
                Outcome.COMPLETED, at.minusSeconds(590), at.minusSeconds(10), Duration.ofSeconds(580), null,
                List.of(), validation);
    }

    /** A point a day for ten days, with or without a restore of the second point running through its expiry. */
    private static List<ChainEvent> run(boolean withRestores) {
        BackupChain chain = new BackupChain();
        List<ChainEvent> decisions = new ArrayList<>();
        for (int day = 0; day < 10; day++) {
            Instant slot = T0.plus(Duration.ofDays(day));
            decisions.addAll(chain.applyAll(chain.advanceTo(slot)));
            decisions.addAll(chain.applyAll(chain.recordPoint(slot, day % 7 == 0 ? Set.of(Tier.D, Tier.W)
                    : Set.of(Tier.D), "arn:" + slot, SETTINGS)));
            if (withRestores && day == 2) {
                chain.applyAll(chain.recordRestoreStarted(started(T0.plus(Duration.ofDays(1)), slot, "w1", true)));
            }
            if (withRestores && day == 5) {
                chain.applyAll(chain.recordRestoreEnded(ended(T0.plus(Duration.ofDays(1)), slot, null)));
            }
        }
        decisions.addAll(chain.applyAll(chain.advanceTo(T0.plus(Duration.ofDays(60)))));
        return decisions;
    }

    @Test
    void aChainDecidesTheSameFlagsAndExpiriesWhateverRestoresItRecords() {
        assertThat(run(true)).isEqualTo(run(false)).isNotEmpty();
    }

    @Test
    void aRestoreIsShownOnItsPointFromItsStartToItsEnd() {
        BackupChain chain = new BackupChain();
        chain.applyAll(chain.recordPoint(T0, Set.of(Tier.D), "arn:" + T0, SETTINGS));
        Instant start = T0.plus(Duration.ofHours(2));
        chain.applyAll(chain.recordRestoreStarted(started(T0, start, "w1", true)));

        ChainPoint.Restore running = chain.point(T0).orElseThrow().restores().get(0);
        assertThat(running.outcome()).isNull();
        assertThat(running.startedBy()).isEqualTo("w1");
        assertThat(running.startedAt()).isEqualTo(start);
        assertThat(running.targetArn()).isEqualTo(TARGET);

        Instant end = start.plus(Duration.ofMinutes(10));
        chain.applyAll(chain.recordRestoreEnded(ended(T0, end, null)));
        ChainPoint.Restore done = chain.point(T0).orElseThrow().restores().get(0);
        assertThat(done.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(done.endedAt()).isEqualTo(end);
        assertThat(done.timeToRestore()).isEqualTo(Duration.ofSeconds(580));
        assertThat(done.test()).isTrue();
        assertThat(chain.point(T0).orElseThrow().isAlive()).isTrue();
    }

    @Test
    void aRestoreRecordedTwiceIsRecordedOnceAndATakeOverByAnotherWorkerIsRecorded() {
        BackupChain chain = new BackupChain();
        chain.applyAll(chain.recordPoint(T0, Set.of(Tier.D), "arn:" + T0, SETTINGS));
        RestoreStarted first = started(T0, T0.plusSeconds(60), "w1", false);
        chain.applyAll(chain.recordRestoreStarted(first));

        assertThat(chain.recordRestoreStarted(first)).isEmpty();
        assertThat(chain.recordRestoreStarted(started(T0, T0.plusSeconds(120), "w2", false))).hasSize(1);
        RestoreEnded end = ended(T0, T0.plusSeconds(900), null);
        chain.applyAll(chain.recordRestoreEnded(end));
        assertThat(chain.recordRestoreEnded(end)).isEmpty();
    }

    @Test
    void theEndOfATestWithoutValidationIsMarkedATestFromItsStart() {
        BackupChain chain = new BackupChain();
        chain.applyAll(chain.recordPoint(T0, Set.of(Tier.D), "arn:" + T0, SETTINGS));
        chain.applyAll(chain.recordRestoreStarted(started(T0, T0.plusSeconds(60), "w1", true)));

        List<ChainEvent> end = chain.recordRestoreEnded(ended(T0, T0.plusSeconds(900), null));

        assertThat(end).singleElement().extracting(event -> ((RestoreEnded) event).test()).isEqualTo(true);
    }

    @Test
    void aRestoreOfASlotThatIsNoPointYieldsNothing() {
        BackupChain chain = new BackupChain();
        chain.applyAll(chain.recordLostSlot(T0, Set.of(Tier.D), Map.of()));

        assertThat(chain.recordRestoreStarted(started(T0, T0.plusSeconds(60), "w1", false))).isEmpty();
        assertThat(chain.recordRestoreEnded(ended(T0.plusSeconds(1), T0.plusSeconds(60), null))).isEmpty();
    }

    @Test
    void replayingTheEventsRestoresTheRestores() {
        BackupChain chain = new BackupChain();
        List<ChainEvent> events = new ArrayList<>(chain.applyAll(chain.recordPoint(T0, Set.of(Tier.D), "arn:" + T0,
                SETTINGS)));
        events.addAll(chain.applyAll(chain.recordRestoreStarted(started(T0, T0.plusSeconds(60), "w1", false))));
        events.addAll(chain.applyAll(chain.recordRestoreEnded(ended(T0, T0.plusSeconds(900),
                new RestoreTestResult(true, 10, 10, 0.1, 5, 5, null, T0.plusSeconds(900))))));

        assertThat(BackupChain.replay(events).points()).isEqualTo(chain.points());
    }
}
