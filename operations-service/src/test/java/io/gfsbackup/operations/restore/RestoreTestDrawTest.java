package io.gfsbackup.operations.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.RestoreTest;
import io.gfsbackup.contracts.policy.RestoreTest.PointChoice;

/** The draw of a restore test run: the same seed and points give the same tables and points, in any input order. */
class RestoreTestDrawTest {

    private static final UUID POLICY = UUID.fromString("3f1c0a4e-9b7d-4c2a-8e5f-1a2b3c4d5e6f");
    private static final Instant SLOT = Instant.parse("2026-03-07T12:00:00Z");
    private static final Instant NOW = SLOT.plusSeconds(30);

    @Test
    void theSeedIsTheFirstEightBytesOfTheNameBasedIdOfPolicyAndSlot() {
        assertThat(RestoreTestDraw.seed(POLICY, SLOT))
                .isEqualTo(Ids.nameBased("restore-test", POLICY, SLOT).getMostSignificantBits());
        assertThat(RestoreTestDraw.seed(POLICY, SLOT.plusSeconds(60))).isNotEqualTo(RestoreTestDraw.seed(POLICY, SLOT));
    }

    @Test
    void theSameSeedDrawsTheSameTablesAndPointsWhateverTheOrderOfThePoints() {
        RestoreTest test = test(PointChoice.RANDOM, 30, 2, null);
        List<RestorePoint> points = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            for (int d = 0; d < 20; d++) {
                points.add(point("table-" + t, SLOT.minus(Duration.ofDays(d)), 100L));
            }
        }
        long seed = RestoreTestDraw.seed(POLICY, SLOT);
        RestoreTestDraw.Draw first = RestoreTestDraw.draw(test, SLOT, seed, points, NOW);
        List<RestorePoint> shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, new Random(7));
        RestoreTestDraw.Draw again = RestoreTestDraw.draw(test, SLOT, seed, shuffled, NOW);

        assertThat(first.choices()).hasSize(2).isEqualTo(again.choices());
        assertThat(first.candidates()).hasSize(12).isEqualTo(again.candidates());
        Set<List<String>> others = new HashSet<>();
        for (long other = 1; other <= 20; other++) {
            others.add(RestoreTestDraw.draw(test, SLOT, seed + other, points, NOW).choices().stream()
                    .map(choice -> choice.tableArn() + "@" + choice.point().slot()).toList());
        }
        assertThat(others).as("other seeds draw otherwise").hasSizeGreaterThan(10);
    }

    @Test
    void theDrawFollowsTheDocumentedOrderCandidatesByArnThenPoints() {
        RestoreTest test = test(PointChoice.RANDOM, 10, 1, null);
        List<RestorePoint> points = List.of(point("b", SLOT.minus(Duration.ofDays(1)), 1L),
                point("a", SLOT.minus(Duration.ofDays(2)), 1L), point("a", SLOT.minus(Duration.ofDays(1)), 1L),
                point("c", SLOT.minus(Duration.ofDays(3)), 1L));
        long seed = 42;
        Random random = new Random(seed);
        List<String> sorted = List.of(table("a").arn(), table("b").arn(), table("c").arn());
        String table = sorted.get(random.nextInt(3));
        List<RestorePoint> of = points.stream().filter(p -> p.table().arn().equals(table))
                .sorted(java.util.Comparator.comparing(RestorePoint::slot)).toList();
        RestorePoint point = of.get(random.nextInt(of.size()));

        RestoreTestDraw.Draw draw = RestoreTestDraw.draw(test, SLOT, seed, points, NOW);

        assertThat(draw.choices()).containsExactly(new RestoreTestDraw.Choice(table, point));
    }

    @Test
    void latestTakesTheNewestAlivePointAtTheSlotAndNeverOneAfterIt() {
        RestoreTest test = test(PointChoice.LATEST, 30, 1, null);
        RestorePoint newest = point("t", SLOT.minus(Duration.ofHours(5)), 1L);
        List<RestorePoint> points = List.of(point("t", SLOT.minus(Duration.ofDays(3)), 1L), newest,
                point("t", SLOT.plusSeconds(1), 1L), deleted(point("t", SLOT.minus(Duration.ofHours(1)), 1L)));

        assertThat(RestoreTestDraw.draw(test, SLOT, 1, points, NOW).choices())
                .containsExactly(new RestoreTestDraw.Choice(newest.table().arn(), newest));
    }

    @Test
    void randomDrawsOnlyAmongThePointsWithinTheDaysBeforeTheSlot() {
        RestoreTest test = test(PointChoice.RANDOM, 7, 1, null);
        List<RestorePoint> points = new ArrayList<>();
        for (int d = 0; d < 40; d++) {
            points.add(point("t", SLOT.minus(Duration.ofDays(d)).minusSeconds(1), 1L));
        }
        Set<Instant> drawn = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            drawn.add(RestoreTestDraw.draw(test, SLOT, seed, points, NOW).choices().get(0).point().slot());
        }

        assertThat(drawn).allSatisfy(slot -> assertThat(slot).isBetween(SLOT.minus(Duration.ofDays(7)), SLOT));
        assertThat(drawn).as("every point of the window is drawn now and then").hasSize(7);
    }

    @Test
    void aTableWhoseLatestBackupIsLargerThanTheCapIsNoCandidateAndAnUnknownSizeIs() {
        RestoreTest test = test(PointChoice.LATEST, 30, 5, 1000L);
        List<RestorePoint> points = List.of(point("big", SLOT.minus(Duration.ofDays(2)), 10L),
                point("big", SLOT.minus(Duration.ofDays(1)), 1001L), point("small", SLOT.minusSeconds(60), 1000L),
                point("unknown", SLOT.minusSeconds(60), null));

        RestoreTestDraw.Draw draw = RestoreTestDraw.draw(test, SLOT, 3, points, NOW);

        assertThat(draw.candidates()).containsExactly(new RestoreTestDraw.Candidate(table("small").arn(), 1000L),
                new RestoreTestDraw.Candidate(table("unknown").arn(), null));
        assertThat(draw.choices()).extracting(RestoreTestDraw.Choice::tableArn)
                .containsExactlyInAnyOrder(table("small").arn(), table("unknown").arn());
    }

    @Test
    void withoutCandidatesTheDrawSaysWhy() {
        RestoreTestDraw.Draw none = RestoreTestDraw.draw(test(PointChoice.RANDOM, 7, 1, null), SLOT, 1,
                List.of(point("old", SLOT.minus(Duration.ofDays(9)), 1L)), NOW);
        RestoreTestDraw.Draw tooBig = RestoreTestDraw.draw(test(PointChoice.LATEST, 30, 1, 10L), SLOT, 1,
                List.of(point("big", SLOT.minus(Duration.ofDays(1)), 11L)), NOW);

        assertThat(none.choices()).isEmpty();
        assertThat(none.reason()).isEqualTo("no table of the policy has an alive point of the 7 days before the"
                + " test's slot");
        assertThat(tooBig.reason()).contains("has a backup of at most 10 bytes (maxTableSizeBytes)");
    }

    @Test
    void theScratchNameCarriesPrefixPolicySlotAndTableAndIsCutTo255() {
        assertThat(RestoreTestDraw.scratchName(POLICY, SLOT, "orders"))
                .isEqualTo("gfs-scratch-3f1c0a4e-20260307T1200Z-orders");
        String longName = RestoreTestDraw.scratchName(POLICY, SLOT, "x".repeat(255));
        assertThat(longName).hasSize(255).startsWith("gfs-scratch-3f1c0a4e-20260307T1200Z-xxx");
        assertThat(RestoreTestDraw.restoreId(POLICY, SLOT, table("t").arn()))
                .isEqualTo(Ids.nameBased("restore-test-run", POLICY, SLOT, table("t").arn()));
    }

    private static RestoreTest test(PointChoice point, int withinDays, int tables, Long maxSize) {
        return new RestoreTest(null, DayOfWeek.SATURDAY, LocalTime.NOON, point, withinDays, tables, maxSize, null,
                null);
    }

    private static TableRef table(String name) {
        return TableRef.fromArn("arn:aws:dynamodb:us-east-1:123456789012:table/" + name);
    }

    private static RestorePoint point(String table, Instant slot, Long size) {
        return new RestorePoint(POLICY, table(table), slot, table(table).arn() + "/backup/" + slot.toEpochMilli(),
                slot.plusSeconds(60), null, null, null, size, null, false, null);
    }

    private static RestorePoint deleted(RestorePoint point) {
        return new RestorePoint(point.policyId(), point.table(), point.slot(), point.backupArn(), point.createdAt(),
                point.slot().plusSeconds(120), point.slot().plusSeconds(180), null, point.sizeBytes(), null, false,
                null);
    }
}
