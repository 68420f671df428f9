package io.gfsbackup.contracts.retention;

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

import static io.gfsbackup.contracts.policy.Tier.D;
import static io.gfsbackup.contracts.policy.Tier.M;
import static io.gfsbackup.contracts.policy.Tier.W;
import static io.gfsbackup.contracts.retention.FlagUnassigned.Reason.RETENTION_ELAPSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupChainTest {

    private static final Instant T0 = Instant.parse("2026-01-05T07:00:00Z");
    private static final String ADMIN = "alice";
    private static final String CASE = "litigation hold, case 2026-17";

    private final BackupChain chain = new BackupChain();

    private static RetentionSettings settings(int keepAtLeast) {
        return new RetentionSettings(ZoneId.of("UTC"),
                Map.of(D, Period.ofDays(1), W, Period.ofDays(14), M, Period.ofMonths(6)), keepAtLeast);
    }

    private static Instant days(double days) {
        return T0.plus(Duration.ofMinutes(Math.round(days * 24 * 60)));
    }

    private List<ChainEvent> record(Instant slot, int keepAtLeast, Tier... flags) {
        return chain.applyAll(chain.recordPoint(slot, Set.of(flags), "arn:" + slot, settings(keepAtLeast)));
    }

    private List<ChainEvent> advance(Instant now) {
        return chain.applyAll(chain.advanceTo(now));
    }

    @Test
    void recordingASlotThatIsAlreadyInTheChainYieldsNoEvents() {
        record(T0, 0, D);

        assertThat(chain.recordPoint(T0, Set.of(D, W), "other", settings(0))).isEmpty();
        assertThat(chain.recordLostSlot(T0, Set.of(D), Map.of())).isEmpty();
    }

    @Test
    void advancingTwiceToTheSameInstantYieldsEachEventOnce() {
        record(T0, 0, D);

        assertThat(advance(days(2))).hasSize(2);
        assertThat(chain.advanceTo(days(2))).isEmpty();
    }

    @Test
    void decisionsDoNotChangeStateUntilApplied() {
        chain.recordPoint(T0, Set.of(D), "arn", settings(0));

        assertThat(chain.points()).isEmpty();
        assertThat(chain.recordPoint(T0, Set.of(D), "arn", settings(0))).hasSize(1);
    }

    @Test
    void withKeepAtLeastZeroTheLastPointExpiresWithItsLastFlag() {
        record(T0, 0, D);

        assertThat(advance(days(10))).containsExactly(
                new FlagUnassigned(T0, D, days(1), RETENTION_ELAPSED),
                new PointExpired(T0, days(1), PointExpired.Reason.NO_FLAGS_LEFT));
    }

    @Test
    void keepAtLeastOneHoldsTheNewestPointWithoutFlagsUntilANewerPointPushesItOut() {
        record(T0, 1, D);

        assertThat(advance(days(3))).containsExactly(new FlagUnassigned(T0, D, days(1), RETENTION_ELAPSED));
        assertThat(chain.point(T0).orElseThrow().isAlive()).isTrue();
        assertThat(chain.nextDueAt()).isEmpty();

        record(days(5), 1, D);
        assertThat(advance(days(5))).containsExactly(
                new PointExpired(T0, days(5), PointExpired.Reason.PUSHED_OUT_OF_KEEP_AT_LEAST));
    }

    @Test
    void aPointPushedOutBeforeItsFlagsGoExpiresWithItsLastFlag() {
        record(T0, 1, D);
        record(days(0.5), 1, D);

        assertThat(advance(days(1))).containsExactly(
                new FlagUnassigned(T0, D, days(1), RETENTION_ELAPSED),
                new PointExpired(T0, days(1), PointExpired.Reason.NO_FLAGS_LEFT));
    }

    @Test
    void keepAtLeastThreeKeepsTheThreeNewestPoints() {
        for (int day = 0; day < 6; day++) {
            record(days(day * 2), 3, D);
        }

        advance(days(30));

        assertThat(chain.alivePoints()).extracting(ChainPoint::slot).containsExactly(days(6), days(8), days(10));
        assertThat(chain.point(days(4)).orElseThrow().expiredAt()).isEqualTo(days(10));
    }

    @Test
    void decisionsCarryLogicalInstantsSoProcessingLateGivesTheSameEventsAsProcessingOnTime() {
        List<ChainEvent> onTime = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            onTime.addAll(record(days(day), 1, D));
            onTime.addAll(advance(days(day)));
        }
        onTime.addAll(advance(days(20)));

        BackupChain late = new BackupChain();
        List<ChainEvent> lateEvents = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            lateEvents.addAll(late.applyAll(late.recordPoint(days(day), Set.of(D), "arn:" + days(day), settings(1))));
        }
        lateEvents.addAll(late.applyAll(late.advanceTo(days(20))));

        assertThat(lateEvents).containsExactlyInAnyOrderElementsOf(onTime);
        assertThat(late.points()).isEqualTo(chain.points());
    }

    @Test
    void withItsDueExpiriesHeldBackAChainIsNextDueAtItsNextFlagNotAtTheHeldExpiry() {
        record(T0, 0, D);
        record(days(1), 0, D, W);
        List<ChainEvent> due = chain.advanceTo(days(2.5));
        chain.applyAll(due.stream().filter(event -> !(event instanceof PointExpired)).toList());

        assertThat(due).contains(new PointExpired(T0, days(1), PointExpired.Reason.NO_FLAGS_LEFT));
        assertThat(chain.nextDueAt()).contains(days(1));
        assertThat(chain.nextDueAfter(days(2.5))).contains(days(15));
        assertThat(chain.advanceTo(days(2.5))).containsExactly(
                new PointExpired(T0, days(1), PointExpired.Reason.NO_FLAGS_LEFT));
    }

    @Test
    void aPointUnderLegalHoldLosesItsFlagsOnTimeButIsNotExpired() {
        record(T0, 0, D, W);
        List<ChainEvent> placed = chain.applyAll(chain.placeLegalHold(T0, days(2), ADMIN, CASE));

        assertThat(placed).containsExactly(new FlagUnassigned(T0, D, days(1), RETENTION_ELAPSED),
                new LegalHoldPlaced(T0, days(2), ADMIN, CASE));
        assertThat(advance(days(100))).containsExactly(new FlagUnassigned(T0, W, days(14), RETENTION_ELAPSED));
        assertThat(chain.point(T0).orElseThrow().isAlive()).isTrue();
    }

    @Test
    void aPointTellsWhoHoldsItSinceWhenAndWhyUntilTheHoldIsReleased() {
        record(T0, 0, D, W);
        chain.applyAll(chain.placeLegalHold(T0, days(0.5), ADMIN, CASE));

        assertThat(chain.point(T0).orElseThrow().hold()).isEqualTo(new ChainPoint.Hold(days(0.5), ADMIN, CASE));
        assertThat(BackupChain.replay(List.of(new PointRecorded(T0, Map.of(D, days(1)), Set.of(), "arn", settings(0)),
                new LegalHoldPlaced(T0, days(0.5), null, null))).point(T0).orElseThrow().hold())
                .as("a hold stored before who and why were recorded").isEqualTo(new ChainPoint.Hold(days(0.5), null, null));

        chain.applyAll(chain.releaseLegalHold(T0, days(0.6), "bob", "case closed"));
        assertThat(chain.point(T0).orElseThrow().hold()).isNull();
        assertThat(chain.point(T0).orElseThrow().legalHold()).isFalse();
    }

    @Test
    void aLegalHoldNeedsWhoAndWhy() {
        record(T0, 0, D);

        assertThatThrownBy(() -> chain.placeLegalHold(T0, days(0.5), ADMIN, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> chain.placeLegalHold(T0, days(0.5), null, CASE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("by");
        assertThatThrownBy(() -> chain.releaseLegalHold(T0, days(0.5), ADMIN, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
    }

    @Test
    void releasingTheLegalHoldOfAPointWithoutFlagsExpiresItAtTheRelease() {
        record(T0, 0, D);
        chain.applyAll(chain.placeLegalHold(T0, days(0.5), ADMIN, CASE));
        advance(days(3));

        assertThat(chain.applyAll(chain.releaseLegalHold(T0, days(4), "bob", "case closed"))).containsExactly(
                new LegalHoldReleased(T0, days(4), "bob", "case closed"),
                new PointExpired(T0, days(4), PointExpired.Reason.LEGAL_HOLD_RELEASED));
    }

    @Test
    void releasingTheLegalHoldOfAPointWithFlagsLeftLetsItExpireWithItsLastFlag() {
        record(T0, 0, D, W);
        chain.applyAll(chain.placeLegalHold(T0, days(0.5), ADMIN, CASE));

        assertThat(chain.applyAll(chain.releaseLegalHold(T0, days(2), ADMIN, "case closed"))).containsExactly(
                new FlagUnassigned(T0, D, days(1), RETENTION_ELAPSED), new LegalHoldReleased(T0, days(2), ADMIN, "case closed"));
        assertThat(advance(days(20))).containsExactly(new FlagUnassigned(T0, W, days(14), RETENTION_ELAPSED),
                new PointExpired(T0, days(14), PointExpired.Reason.NO_FLAGS_LEFT));
    }

    @Test
    void aLegalHoldComesTooLateForAPointThatExpiredBeforeIt() {
        record(T0, 0, D);

        assertThat(chain.placeLegalHold(T0, days(2), ADMIN, CASE)).containsExactly(
                new FlagUnassigned(T0, D, days(1), RETENTION_ELAPSED),
                new PointExpired(T0, days(1), PointExpired.Reason.NO_FLAGS_LEFT));
    }

    @Test
    void aLostSlotsWeeklyFlagIsCarriedToTheNextPointAndCountedFromThatPointsSlot() {
        chain.applyAll(chain.recordLostSlot(T0, Set.of(D, W), Map.of(W, days(7))));

        List<ChainEvent> recorded = record(days(1), 0, D);

        assertThat(recorded).containsExactly(new PointRecorded(days(1), Map.of(D, days(2), W, days(15)), Set.of(W),
                "arn:" + days(1), settings(0)));
        assertThat(chain.pendingCarries()).isEmpty();
        assertThat(advance(days(30))).extracting(ChainEvent::at).containsExactly(days(2), days(15), days(15));
    }

    @Test
    void aLostSlotsFlagIsNotCarriedToAPointAtOrAfterItsDeadline() {
        chain.applyAll(chain.recordLostSlot(T0, Set.of(D, W, M), Map.of(W, days(7), M, days(56))));

        assertThat(advance(days(7))).containsExactly(new RetentionGap(W, T0, days(7)));
        List<ChainEvent> recorded = record(days(7), 0, D, W);

        assertThat(((PointRecorded) recorded.get(0)).flags()).containsExactly(D, W, M);
        assertThat(((PointRecorded) recorded.get(0)).carriedFlags()).containsExactly(M);
    }

    @Test
    void whenNoPointSucceedsBeforeTheNextMonthlySlotARetentionGapNamesThePeriod() {
        chain.applyAll(chain.recordLostSlot(T0, Set.of(D, W, M), Map.of(W, days(7), M, days(56))));

        assertThat(chain.nextDueAt()).contains(days(7));
        assertThat(advance(days(60))).containsExactly(new RetentionGap(W, T0, days(7)),
                new RetentionGap(M, T0, days(56)));
        assertThat(chain.pendingCarries()).isEmpty();
    }

    @Test
    void aLostSlotWithAWeeklyFlagNeedsItsCarryDeadline() {
        assertThatThrownBy(() -> chain.recordLostSlot(T0, Set.of(D, W), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("carries W");
    }

    @Test
    void aDeletionOfAnExpiredPointLeavesTheChainOnce() {
        record(T0, 0, D);
        advance(days(1));

        assertThat(chain.applyAll(chain.recordDeletion(T0, days(1.5), "arn:" + T0, false)))
                .containsExactly(new PointDeleted(T0, days(1.5)));
        assertThat(chain.point(T0).orElseThrow().deletedAt()).isEqualTo(days(1.5));
        assertThat(chain.recordDeletion(T0, days(2), "arn:" + T0, true)).isEmpty();
    }

    @Test
    void aDeletionReportedForAPointThatNeverExpiredIsRecordedButTheChainKeepsThePoint() {
        record(T0, 0, D);

        assertThat(chain.applyAll(chain.recordDeletion(T0, days(0.5), "arn:" + T0, false)))
                .containsExactly(new DeletionRefused(T0, days(0.5), "arn:" + T0, false));
        assertThat(chain.point(T0).orElseThrow().isAlive()).isTrue();
        assertThat(chain.aliveCount()).isEqualTo(1);
        assertThat(chain.recordDeletion(T0, days(0.5), "arn:" + T0, false)).as("the same report again").isEmpty();
        assertThat(advance(days(5))).as("it still expires on time").containsExactly(
                new FlagUnassigned(T0, D, days(1), RETENTION_ELAPSED),
                new PointExpired(T0, days(1), PointExpired.Reason.NO_FLAGS_LEFT));
        assertThat(chain.applyAll(chain.recordDeletion(T0, days(5.5), "arn:" + T0, true)))
                .containsExactly(new PointDeleted(T0, days(5.5)));
    }

    @Test
    void aDeletionReportedForAHeldPointIsRefused() {
        record(T0, 0, D);
        chain.applyAll(chain.placeLegalHold(T0, days(0.5), ADMIN, CASE));
        advance(days(3));

        assertThat(chain.applyAll(chain.recordDeletion(T0, days(3), "arn:" + T0, false)))
                .containsExactly(new DeletionRefused(T0, days(3), "arn:" + T0, false));
        assertThat(chain.point(T0).orElseThrow().legalHold()).isTrue();
        assertThat(chain.point(T0).orElseThrow().isAlive()).isTrue();
    }

    @Test
    void replayingTheEventsRestoresTheSameChain() {
        List<ChainEvent> history = new ArrayList<>();
        history.addAll(chain.applyAll(chain.recordLostSlot(T0, Set.of(D, W), Map.of(W, days(7)))));
        for (int day = 1; day < 10; day++) {
            history.addAll(record(days(day), 2, D));
            history.addAll(advance(days(day)));
        }
        history.addAll(chain.applyAll(chain.placeLegalHold(days(9), days(9.5), ADMIN, CASE)));

        BackupChain replayed = BackupChain.replay(history);

        assertThat(replayed.points()).isEqualTo(chain.points());
        assertThat(replayed.nextDueAt()).isEqualTo(chain.nextDueAt());
        assertThat(replayed.advanceTo(days(40))).isEqualTo(chain.advanceTo(days(40)));
    }

    @Test
    void nextDueAtIsTheEarliestPendingFlagExpiry() {
        record(T0, 0, D, W);

        assertThat(chain.nextDueAt()).contains(days(1));
        advance(days(1));
        assertThat(chain.nextDueAt()).contains(days(14));
    }
}
