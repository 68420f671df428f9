package io.gfsbackup.retention.command;

import static io.gfsbackup.retention.support.Chains.at;
import static io.gfsbackup.retention.support.Chains.backupArn;
import static io.gfsbackup.retention.support.Chains.created;
import static io.gfsbackup.retention.support.Chains.veeam;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.BackupChain;
import io.gfsbackup.contracts.retention.ChainPoint;
import io.gfsbackup.contracts.retention.DeletionRefused;
import io.gfsbackup.contracts.retention.FlagUnassigned;
import io.gfsbackup.contracts.retention.LegalHoldPlaced;
import io.gfsbackup.contracts.retention.LegalHoldReleased;
import io.gfsbackup.contracts.retention.PointDeleted;
import io.gfsbackup.contracts.retention.PointExpired;
import io.gfsbackup.contracts.retention.PointRecorded;
import io.gfsbackup.contracts.retention.RetentionGap;
import io.gfsbackup.contracts.retention.RetentionSettings;
import io.gfsbackup.contracts.retention.SlotLost;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.retention.api.AdvanceChain;
import io.gfsbackup.retention.api.ChainOpened;
import io.gfsbackup.retention.api.ChainOutcome;
import io.gfsbackup.retention.api.ExpiryBudget;
import io.gfsbackup.retention.api.PlaceLegalHold;
import io.gfsbackup.retention.api.PointNotAliveException;
import io.gfsbackup.retention.api.RecordBackupCreated;
import io.gfsbackup.retention.api.RecordBackupDeleted;
import io.gfsbackup.retention.api.RecordLostSlot;
import io.gfsbackup.retention.api.ReleaseLegalHold;
import io.gfsbackup.retention.api.UnknownPointException;
import io.gfsbackup.retention.support.Chains;

/** The chain aggregate, given events, when a command, then events (retention-semantics sections 4, 5, 6). */
class BackupChainAggregateTest {

    private static final UUID POLICY = UUID.fromString("0b6a3c1e-4a51-4f9b-9d0e-6b1f2a3c4d5e");
    private static final TableRef TABLE = Chains.table("orders");
    private static final UUID CHAIN = Ids.chainId(POLICY, TABLE.arn());
    private static final RetentionSettings BARE = veeam(0);
    private static final RetentionSettings KEEP_ONE = veeam(1);

    private static final Instant MONDAY_0700 = at("2026-01-05T07:00:00Z");
    private static final Instant MONDAY_1100 = at("2026-01-05T11:00:00Z");
    private static final Instant TUESDAY_0700 = at("2026-01-06T07:00:00Z");
    private static final Instant THURSDAY_0700 = at("2026-01-08T07:00:00Z");
    private static final Instant FRIDAY_0700 = at("2026-01-09T07:00:00Z");
    private static final String ADMIN = "alice";
    private static final String CASE = "litigation hold, case 2026-17";

    private FixtureConfiguration<BackupChainAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    /**
     * The contracts chain keeps memos (a due index refreshed lazily by its queries), so a chain that decided and
     * one rebuilt from the same events differ in those caches only: the field-by-field comparison of the fixture
     * is off, and {@link #sourcedStateEqualsDecidedState()} compares what the chain answers instead.
     */
    private static FixtureConfiguration<BackupChainAggregate> newFixture() {
        AggregateTestFixture<BackupChainAggregate> fixture = new AggregateTestFixture<>(BackupChainAggregate.class);
        fixture.setReportIllegalStateChange(false);
        return fixture;
    }

    private static org.hamcrest.Matcher<ChainOutcome> holdingBack(int expiries) {
        return new org.hamcrest.CustomTypeSafeMatcher<>("an outcome holding back " + expiries + " expiries") {
            @Override
            protected boolean matchesSafely(ChainOutcome outcome) {
                return outcome.heldExpiries() == expiries;
            }
        };
    }

    private static ChainOpened opened() {
        return new ChainOpened(CHAIN, POLICY, TABLE);
    }

    private static PointRecorded recorded(Instant slot, Set<Tier> flags, RetentionSettings settings) {
        return new PointRecorded(slot, settings.expiriesOf(slot, flags), Set.of(), backupArn(TABLE, slot), settings);
    }

    @Test
    void firstBackupCreatedOpensTheChainAndRecordsThePointWithFlagExpiriesFromItsSlot() {
        Set<Tier> flags = Flags.of(Tier.D, Tier.W, Tier.M);
        PointRecorded expected = new PointRecorded(MONDAY_0700, Map.of(
                Tier.D, THURSDAY_0700, Tier.W, at("2026-01-19T07:00:00Z"), Tier.M, at("2026-07-05T07:00:00Z")),
                Set.of(), backupArn(TABLE, MONDAY_0700), BARE);
        fixture.givenNoPriorActivity()
                .when(created(POLICY, TABLE, MONDAY_0700, flags, BARE))
                .expectEvents(opened(), expected)
                .expectResultMessagePayload(new ChainOutcome(List.of(expected), THURSDAY_0700));
    }

    @Test
    void duplicateBackupCreatedChangesNothing() {
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE))
                .when(created(POLICY, TABLE, MONDAY_0700, Flags.of(Tier.D), BARE))
                .expectNoEvents()
                .expectResultMessagePayload(new ChainOutcome(List.of(), THURSDAY_0700));
    }

    @Test
    void backupCreatedForAnotherChainIdIsRejected() {
        RecordBackupCreated wrong = new RecordBackupCreated(UUID.randomUUID(), POLICY, TABLE, MONDAY_0700,
                Flags.of(Tier.D), BARE, backupArn(TABLE, MONDAY_0700));
        fixture.givenNoPriorActivity().when(wrong).expectException(IllegalArgumentException.class);
    }

    @Test
    void advancingBeforeAnyExpiryChangesNothing() {
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE))
                .when(new AdvanceChain(CHAIN, THURSDAY_0700.minusSeconds(1)))
                .expectNoEvents();
    }

    @Test
    void flagIsUnassignedWhenItsKeepHasElapsedAndThePointStaysWithItsOtherFlags() {
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D, Tier.W, Tier.M), BARE))
                .when(new AdvanceChain(CHAIN, THURSDAY_0700))
                .expectEvents(new FlagUnassigned(MONDAY_0700, Tier.D, THURSDAY_0700,
                        FlagUnassigned.Reason.RETENTION_ELAPSED))
                .expectResultMessagePayload(new ChainOutcome(List.of(new FlagUnassigned(MONDAY_0700, Tier.D,
                        THURSDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED)), at("2026-01-19T07:00:00Z")));
    }

    @Test
    void pointExpiresAtTheInstantItsLastFlagIsUnassigned() {
        fixture.given(opened(), recorded(TUESDAY_0700, Flags.of(Tier.D), BARE))
                .when(new AdvanceChain(CHAIN, FRIDAY_0700))
                .expectEvents(
                        new FlagUnassigned(TUESDAY_0700, Tier.D, FRIDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED),
                        new PointExpired(TUESDAY_0700, FRIDAY_0700, PointExpired.Reason.NO_FLAGS_LEFT));
    }

    @Test
    void advancingLateAppliesEverythingThatFellDueInTimeOrderOnce() {
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE),
                        recorded(TUESDAY_0700, Flags.of(Tier.D), BARE))
                .andGivenCommands(new AdvanceChain(CHAIN, FRIDAY_0700))
                .when(new AdvanceChain(CHAIN, FRIDAY_0700.plusSeconds(86_400)))
                .expectNoEvents();
        fixture = newFixture();
        fixture.given(opened(), recorded(TUESDAY_0700, Flags.of(Tier.D), BARE),
                        recorded(MONDAY_0700, Flags.of(Tier.D), BARE))
                .when(new AdvanceChain(CHAIN, FRIDAY_0700))
                .expectEvents(
                        new FlagUnassigned(MONDAY_0700, Tier.D, THURSDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED),
                        new PointExpired(MONDAY_0700, THURSDAY_0700, PointExpired.Reason.NO_FLAGS_LEFT),
                        new FlagUnassigned(TUESDAY_0700, Tier.D, FRIDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED),
                        new PointExpired(TUESDAY_0700, FRIDAY_0700, PointExpired.Reason.NO_FLAGS_LEFT));
    }

    @Test
    void aPausedBudgetHoldsEveryDueExpiryButUnassignsTheFlagsOnTime() {
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE),
                        recorded(TUESDAY_0700, Flags.of(Tier.D, Tier.W), BARE))
                .when(new AdvanceChain(CHAIN, FRIDAY_0700, ExpiryBudget.PAUSED))
                .expectEvents(
                        new FlagUnassigned(MONDAY_0700, Tier.D, THURSDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED),
                        new FlagUnassigned(TUESDAY_0700, Tier.D, FRIDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED))
                .expectResultMessagePayload(new ChainOutcome(List.of(
                        new FlagUnassigned(MONDAY_0700, Tier.D, THURSDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED),
                        new FlagUnassigned(TUESDAY_0700, Tier.D, FRIDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED)),
                        TUESDAY_0700.plus(java.time.Duration.ofDays(14)), 1));
    }

    @Test
    void moreExpiriesThanTheScheduleExplainsForTheIntervalAreHeldBack() {
        List<Object> given = new ArrayList<>(List.of(opened()));
        Instant slot = MONDAY_0700;
        for (int i = 0; i < 10; i++, slot = slot.plus(java.time.Duration.ofDays(1))) {
            given.add(recorded(slot, Flags.of(Tier.D), BARE));
        }
        Instant allGone = slot.plus(java.time.Duration.ofDays(3));
        // ten daily points one day apart: a pass covering one hour can expire 1 * (1 + 1) + slack 2 = 4 of them
        fixture.given(given)
                .when(new AdvanceChain(CHAIN, allGone, ExpiryBudget.forInterval(java.time.Duration.ofHours(1), 2,
                        null)))
                .expectResultMessagePayloadMatching(holdingBack(10));
        fixture = newFixture();
        // the same expiries after an outage of ten days are what the schedule explains
        fixture.given(given)
                .when(new AdvanceChain(CHAIN, allGone, ExpiryBudget.forInterval(java.time.Duration.ofDays(10), 2,
                        null)))
                .expectResultMessagePayloadMatching(holdingBack(0));
        fixture = newFixture();
        // and after an admin confirmed the time they are not counted
        fixture.given(given)
                .when(new AdvanceChain(CHAIN, allGone, ExpiryBudget.forInterval(java.time.Duration.ofHours(1), 2,
                        allGone)))
                .expectResultMessagePayloadMatching(holdingBack(0));
    }

    @Test
    void keepAtLeastKeepsTheNewestPointAfterItsFlagsAreGone() {
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), KEEP_ONE))
                .when(new AdvanceChain(CHAIN, FRIDAY_0700))
                .expectEvents(new FlagUnassigned(MONDAY_0700, Tier.D, THURSDAY_0700,
                        FlagUnassigned.Reason.RETENTION_ELAPSED))
                .expectResultMessagePayload(new ChainOutcome(List.of(new FlagUnassigned(MONDAY_0700, Tier.D,
                        THURSDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED)), null));
    }

    @Test
    void keepAtLeastExpiresTheOldPointWhenANewerPointPushesItOut() {
        Instant later = at("2026-01-10T07:00:00Z");
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), KEEP_ONE),
                        new FlagUnassigned(MONDAY_0700, Tier.D, THURSDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED),
                        recorded(later, Flags.of(Tier.D), KEEP_ONE))
                .when(new AdvanceChain(CHAIN, later))
                .expectEvents(new PointExpired(MONDAY_0700, later, PointExpired.Reason.PUSHED_OUT_OF_KEEP_AT_LEAST));
    }

    @Test
    void aHoldDecidesNoOtherPointsExpiryThoseStayDueForThePollerAndItsClockGuard() {
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE),
                        recorded(MONDAY_1100, Flags.of(Tier.D), BARE))
                .when(new PlaceLegalHold(CHAIN, MONDAY_1100, THURSDAY_0700.plusSeconds(3600), ADMIN, CASE))
                .expectEvents(new FlagUnassigned(MONDAY_0700, Tier.D, THURSDAY_0700,
                                FlagUnassigned.Reason.RETENTION_ELAPSED),
                        new LegalHoldPlaced(MONDAY_1100, THURSDAY_0700.plusSeconds(3600), ADMIN, CASE));
    }

    @Test
    void legalHoldKeepsAPointWhoseFlagsAreGoneAndReleasingItExpiresThePointAtOnce() {
        Instant release = at("2026-02-01T00:00:00Z");
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE))
                .andGivenCommands(new PlaceLegalHold(CHAIN, MONDAY_0700, MONDAY_1100, ADMIN, CASE))
                .when(new AdvanceChain(CHAIN, FRIDAY_0700))
                .expectEvents(new FlagUnassigned(MONDAY_0700, Tier.D, THURSDAY_0700,
                        FlagUnassigned.Reason.RETENTION_ELAPSED));
        fixture = newFixture();
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE),
                        new LegalHoldPlaced(MONDAY_0700, MONDAY_1100, ADMIN, CASE),
                        new FlagUnassigned(MONDAY_0700, Tier.D, THURSDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED))
                .when(new ReleaseLegalHold(CHAIN, MONDAY_0700, release, "bob", "case closed"))
                .expectEvents(new LegalHoldReleased(MONDAY_0700, release, "bob", "case closed"),
                        new PointExpired(MONDAY_0700, release, PointExpired.Reason.LEGAL_HOLD_RELEASED));
    }

    @Test
    void placingALegalHoldRecordsIt() {
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE))
                .when(new PlaceLegalHold(CHAIN, MONDAY_0700, MONDAY_1100, ADMIN, CASE))
                .expectEvents(new LegalHoldPlaced(MONDAY_0700, MONDAY_1100, ADMIN, CASE));
    }

    @Test
    void legalHoldOnAnUnknownSlotIsRefused() {
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE))
                .when(new PlaceLegalHold(CHAIN, TUESDAY_0700, MONDAY_1100, ADMIN, CASE))
                .expectException(UnknownPointException.class);
    }

    @Test
    void legalHoldOnAnExpiredPointIsRefused() {
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE),
                        new FlagUnassigned(MONDAY_0700, Tier.D, THURSDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED),
                        new PointExpired(MONDAY_0700, THURSDAY_0700, PointExpired.Reason.NO_FLAGS_LEFT))
                .when(new PlaceLegalHold(CHAIN, MONDAY_0700, FRIDAY_0700, ADMIN, CASE))
                .expectException(PointNotAliveException.class);
    }

    @Test
    void backupDeletedMarksThePointDeletedOnce() {
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE),
                        new FlagUnassigned(MONDAY_0700, Tier.D, THURSDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED),
                        new PointExpired(MONDAY_0700, THURSDAY_0700, PointExpired.Reason.NO_FLAGS_LEFT))
                .when(new RecordBackupDeleted(CHAIN, MONDAY_0700, FRIDAY_0700, backupArn(TABLE, MONDAY_0700), false))
                .expectEvents(new PointDeleted(MONDAY_0700, FRIDAY_0700));
        fixture = newFixture();
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE), new PointDeleted(MONDAY_0700, FRIDAY_0700))
                .when(new RecordBackupDeleted(CHAIN, MONDAY_0700, FRIDAY_0700.plusSeconds(60), backupArn(TABLE, MONDAY_0700),
                        true))
                .expectNoEvents();
    }

    @Test
    void placingALegalHoldWithoutWhoOrWhyIsRefused() {
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE))
                .when(new PlaceLegalHold(CHAIN, MONDAY_0700, MONDAY_1100, ADMIN, " "))
                .expectException(IllegalArgumentException.class);
    }

    @Test
    void backupDeletedForAPointThatNeverExpiredKeepsThePointAndRecordsTheReport() {
        String arn = backupArn(TABLE, MONDAY_0700);
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE))
                .when(new RecordBackupDeleted(CHAIN, MONDAY_0700, MONDAY_1100, arn, false))
                .expectEvents(new DeletionRefused(MONDAY_0700, MONDAY_1100, arn, false))
                .expectResultMessagePayload(new ChainOutcome(List.of(new DeletionRefused(MONDAY_0700, MONDAY_1100,
                        arn, false)), THURSDAY_0700));
        fixture = newFixture();
        fixture.given(opened(), recorded(MONDAY_0700, Flags.of(Tier.D), BARE),
                        new DeletionRefused(MONDAY_0700, MONDAY_1100, arn, false))
                .when(new AdvanceChain(CHAIN, THURSDAY_0700))
                .expectEvents(new FlagUnassigned(MONDAY_0700, Tier.D, THURSDAY_0700,
                                FlagUnassigned.Reason.RETENTION_ELAPSED),
                        new PointExpired(MONDAY_0700, THURSDAY_0700, PointExpired.Reason.NO_FLAGS_LEFT));
    }

    @Test
    void backupDeletedOfAChainThatDoesNotExistIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RecordBackupDeleted(CHAIN, MONDAY_0700, FRIDAY_0700, backupArn(TABLE, MONDAY_0700), false))
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void missedWeeklySlotCarriesItsFlagToTheNextPointThatSucceedsBeforeTheNextWeeklySlot() {
        Instant nextWeekly = at("2026-01-12T07:00:00Z");
        fixture.givenNoPriorActivity()
                .andGivenCommands(new RecordLostSlot(CHAIN, POLICY, TABLE, MONDAY_0700, Flags.of(Tier.D, Tier.W),
                        Map.of(Tier.W, nextWeekly)))
                .when(created(POLICY, TABLE, MONDAY_1100, Flags.of(Tier.D), BARE))
                .expectEvents(new PointRecorded(MONDAY_1100, Map.of(Tier.D, at("2026-01-08T11:00:00Z"),
                        Tier.W, at("2026-01-19T11:00:00Z")), Set.of(Tier.W), backupArn(TABLE, MONDAY_1100), BARE));
    }

    @Test
    void aBatchOfOneChainsMessagesDecidesEachAsIfSentAloneInOrder() {
        Instant nextWeekly = at("2026-01-12T07:00:00Z");
        RecordLostSlot lost = new RecordLostSlot(CHAIN, POLICY, TABLE, MONDAY_0700, Flags.of(Tier.D, Tier.W),
                Map.of(Tier.W, nextWeekly));
        SlotLost slotLost = new SlotLost(MONDAY_0700, Flags.of(Tier.D, Tier.W), Map.of(Tier.W, nextWeekly));
        PointRecorded carried = new PointRecorded(MONDAY_1100, Map.of(Tier.D, at("2026-01-08T11:00:00Z"),
                Tier.W, at("2026-01-19T11:00:00Z")), Set.of(Tier.W), backupArn(TABLE, MONDAY_1100), BARE);
        PointRecorded tuesday = recorded(TUESDAY_0700, Flags.of(Tier.D), BARE);
        fixture.givenNoPriorActivity()
                .when(new io.gfsbackup.retention.api.RecordBackupEvents(CHAIN, List.of(lost,
                        created(POLICY, TABLE, MONDAY_1100, Flags.of(Tier.D), BARE),
                        created(POLICY, TABLE, MONDAY_1100, Flags.of(Tier.D), BARE),
                        created(POLICY, TABLE, TUESDAY_0700, Flags.of(Tier.D), BARE))))
                .expectEvents(opened(), slotLost, carried, tuesday)
                .expectResultMessagePayload(List.of(
                        new ChainOutcome(List.of(slotLost), nextWeekly),
                        new ChainOutcome(List.of(carried), at("2026-01-08T11:00:00Z")),
                        new ChainOutcome(List.of(), at("2026-01-08T11:00:00Z")),
                        new ChainOutcome(List.of(tuesday), at("2026-01-08T11:00:00Z"))));
    }

    @Test
    void aBatchStartingWithADeletionOfAChainThatDoesNotExistIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new io.gfsbackup.retention.api.RecordBackupEvents(CHAIN,
                        List.of(new RecordBackupDeleted(CHAIN, MONDAY_0700, FRIDAY_0700, backupArn(TABLE, MONDAY_0700), false))))
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void aBatchHoldingACommandOfAnotherChainCannotBeMade() {
        TableRef other = Chains.table("payments");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new io.gfsbackup.retention.api.RecordBackupEvents(
                        CHAIN, List.of(created(POLICY, other, TUESDAY_0700, Flags.of(Tier.D), BARE))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a command of chain");
    }

    @Test
    void lostSlotIsRecordedAndOpensTheChainWhenItIsTheFirstMessage() {
        Instant nextWeekly = at("2026-01-12T07:00:00Z");
        fixture.givenNoPriorActivity()
                .when(new RecordLostSlot(CHAIN, POLICY, TABLE, MONDAY_0700, Flags.of(Tier.D, Tier.W),
                        Map.of(Tier.W, nextWeekly)))
                .expectEvents(opened(), new SlotLost(MONDAY_0700, Flags.of(Tier.D, Tier.W), Map.of(Tier.W, nextWeekly)))
                .expectResultMessagePayload(new ChainOutcome(List.of(new SlotLost(MONDAY_0700,
                        Flags.of(Tier.D, Tier.W), Map.of(Tier.W, nextWeekly))), nextWeekly));
    }

    @Test
    void lostSlotWithoutCarryDeadlineIsRejected() {
        fixture.givenNoPriorActivity()
                .when(new RecordLostSlot(CHAIN, POLICY, TABLE, MONDAY_0700, Flags.of(Tier.D, Tier.W), Map.of()))
                .expectException(IllegalArgumentException.class);
    }

    @Test
    void retentionGapWhenNoPointSucceedsBeforeTheNextSlotOfTheTier() {
        Instant nextWeekly = at("2026-01-12T07:00:00Z");
        fixture.given(opened(), new SlotLost(MONDAY_0700, Flags.of(Tier.D, Tier.W), Map.of(Tier.W, nextWeekly)))
                .when(new AdvanceChain(CHAIN, nextWeekly))
                .expectEvents(new RetentionGap(Tier.W, MONDAY_0700, nextWeekly));
    }

    /**
     * The Veeam guide's narrative (retention-semantics section 4), with every slot of two weeks recorded and the
     * chain advanced at each slot as the live service does: on Thursday 07:00 the Monday 07:00 point loses D and
     * stays (W, M); on Friday 07:00 the Tuesday 07:00 point is expired; on Monday of week 3 the first weekly point
     * loses W and stays (M); six calendar months after its slot it loses M and is expired.
     */
    @Test
    void veeamWalkThroughComesOutOfTheRules() {
        List<Object> weeks = liveCommands(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 18));

        fixture.givenCommands(upTo(weeks, at("2026-01-08T06:59:00Z")))
                .when(new AdvanceChain(CHAIN, THURSDAY_0700))
                .expectEvents(new FlagUnassigned(MONDAY_0700, Tier.D, THURSDAY_0700,
                        FlagUnassigned.Reason.RETENTION_ELAPSED))
                .expectState(chain -> assertThat(point(chain, MONDAY_0700).remainingFlags())
                        .containsExactly(Tier.W, Tier.M));

        fixture = newFixture();
        fixture.givenCommands(upTo(weeks, at("2026-01-09T06:59:00Z")))
                .when(new AdvanceChain(CHAIN, FRIDAY_0700))
                .expectEvents(
                        new FlagUnassigned(TUESDAY_0700, Tier.D, FRIDAY_0700, FlagUnassigned.Reason.RETENTION_ELAPSED),
                        new PointExpired(TUESDAY_0700, FRIDAY_0700, PointExpired.Reason.NO_FLAGS_LEFT));

        Instant week3 = at("2026-01-19T07:00:00Z");
        fixture = newFixture();
        fixture.givenCommands(weeks)
                .when(new AdvanceChain(CHAIN, week3))
                .expectEvents(
                        new FlagUnassigned(MONDAY_0700, Tier.W, week3, FlagUnassigned.Reason.RETENTION_ELAPSED),
                        new FlagUnassigned(at("2026-01-16T07:00:00Z"), Tier.D, week3,
                                FlagUnassigned.Reason.RETENTION_ELAPSED),
                        new PointExpired(at("2026-01-16T07:00:00Z"), week3, PointExpired.Reason.NO_FLAGS_LEFT))
                .expectState(chain -> {
                    assertThat(point(chain, MONDAY_0700).remainingFlags()).containsExactly(Tier.M);
                    assertThat(point(chain, MONDAY_0700).isAlive()).isTrue();
                });

        Instant sixMonths = at("2026-07-05T07:00:00Z");
        fixture = newFixture();
        List<Object> andLater = new ArrayList<>(weeks);
        andLater.add(new AdvanceChain(CHAIN, sixMonths.minusSeconds(1)));
        fixture.givenCommands(andLater)
                .when(new AdvanceChain(CHAIN, sixMonths))
                .expectEvents(
                        new FlagUnassigned(MONDAY_0700, Tier.M, sixMonths, FlagUnassigned.Reason.RETENTION_ELAPSED),
                        new PointExpired(MONDAY_0700, sixMonths, PointExpired.Reason.NO_FLAGS_LEFT))
                .expectState(chain -> assertThat(chain.chain().alivePoints()).isEmpty());
    }

    /** What the live service sends for every Veeam slot of the days: record the point, then advance to its slot. */
    private static List<Object> liveCommands(LocalDate from, LocalDate to) {
        List<Object> commands = new ArrayList<>();
        for (Instant slot : Chains.veeamSlots(from, to)) {
            commands.add(created(POLICY, TABLE, slot, Chains.veeamFlags(slot), BARE));
            commands.add(new AdvanceChain(CHAIN, slot));
        }
        return commands;
    }

    private static List<Object> upTo(List<Object> commands, Instant until) {
        return commands.stream().filter(command -> instantOf(command).isBefore(until)
                || instantOf(command).equals(until)).toList();
    }

    private static Instant instantOf(Object command) {
        return command instanceof RecordBackupCreated created ? created.slot() : ((AdvanceChain) command).now();
    }

    private static ChainPoint point(BackupChainAggregate chain, Instant slot) {
        return chain.chain().point(slot).orElseThrow();
    }

    @Test
    void sourcedStateEqualsDecidedState() {
        List<Object> weeks = liveCommands(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 18));
        fixture.givenCommands(weeks)
                .when(new AdvanceChain(CHAIN, at("2026-03-01T00:00:00Z")))
                .expectSuccessfulHandlerExecution()
                .expectState(chain -> {
                    BackupChain sourced = BackupChain.replay(chain.history());
                    assertThat(sourced.points()).isEqualTo(chain.chain().points());
                    assertThat(sourced.nextDueAt()).isEqualTo(chain.chain().nextDueAt());
                    assertThat(sourced.pendingCarries()).isEqualTo(chain.chain().pendingCarries());
                });
    }
}
