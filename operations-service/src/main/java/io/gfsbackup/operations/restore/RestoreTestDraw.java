package io.gfsbackup.operations.restore;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.policy.RestoreTest;
import io.gfsbackup.contracts.policy.TableSelection;

/**
 * What a run of a restore test restores: a pure function of the test, its slot, the seed and the points, so that an
 * audit that draws again with the recorded seed gets the same tables and points.
 *
 * <ul>
 *   <li>The seed is the first 8 bytes of {@code Ids.nameBased("restore-test", policyId, slot)}.</li>
 *   <li>A table is a candidate when it has an eligible point (alive now, slot at or before the test's slot; for
 *       RANDOM also within {@code withinDays} before it) and its latest backup (the newest eligible point's) is at
 *       most {@code maxTableSizeBytes}; a size not read yet does not exclude it (the candidate says so).</li>
 *   <li>{@code new Random(seed)} draws {@code tables} of the candidates sorted by table ARN (all when there are
 *       fewer), one after the other without putting back; then, in the order drawn, each table's point: the newest
 *       eligible one (LATEST), or one drawn with the same {@code Random} among the eligible ones sorted by slot
 *       (RANDOM).</li>
 * </ul>
 */
public final class RestoreTestDraw {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int MAX_NAME = 255;

    /** A table the draw chose from, with its latest backup's size (null: not read yet). */
    public record Candidate(String tableArn, Long sizeBytes) {
    }

    /** A table drawn and the point of it to restore. */
    public record Choice(String tableArn, RestorePoint point) {
    }

    /** The outcome: the candidates (sorted by ARN), the choices (in the order drawn), and why none, if none. */
    public record Draw(long seed, List<Candidate> candidates, List<Choice> choices, String reason) {
    }

    private RestoreTestDraw() {
    }

    /** The seed of a run: the first 8 bytes of the name-based UUID of the policy and slot. */
    public static long seed(UUID policyId, Instant slot) {
        return Ids.nameBased("restore-test", policyId, slot).getMostSignificantBits();
    }

    /** The restore id of a run's table: one restore per policy, slot and table, whoever runs it. */
    public static UUID restoreId(UUID policyId, Instant slot, String tableArn) {
        return Ids.nameBased("restore-test-run", policyId, slot, tableArn);
    }

    /**
     * The scratch table of a run's table: the reserved prefix, the first 8 hex digits of the policy id, the slot
     * ({@code yyyyMMdd'T'HHmm'Z'}) and the table's name, characters outside {@code [A-Za-z0-9_.-]} replaced by
     * {@code _}, cut to 255 characters.
     */
    public static String scratchName(UUID policyId, Instant slot, String tableName) {
        String name = TableSelection.RESERVED_PREFIX + policyId.toString().substring(0, 8) + "-" + MINUTE.format(slot)
                + "-" + tableName.replaceAll("[^A-Za-z0-9_.-]", "_");
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    /** Draws the tables and points of the run of {@code test} at {@code slot} among {@code points} at {@code now}. */
    public static Draw draw(RestoreTest test, Instant slot, long seed, List<RestorePoint> points, Instant now) {
        Instant earliest = test.point() == RestoreTest.PointChoice.RANDOM
                ? slot.minus(Duration.ofDays(test.withinDays())) : null;
        Map<String, List<RestorePoint>> eligible = new TreeMap<>();
        for (RestorePoint point : points) {
            if (!point.slot().isAfter(slot) && point.aliveAt(now)
                    && (earliest == null || !point.slot().isBefore(earliest))) {
                eligible.computeIfAbsent(point.table().arn(), arn -> new ArrayList<>()).add(point);
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Map.Entry<String, List<RestorePoint>> table : eligible.entrySet()) {
            table.getValue().sort(Comparator.comparing(RestorePoint::slot));
            Long size = table.getValue().get(table.getValue().size() - 1).sizeBytes();
            if (size == null || test.maxTableSizeBytes() == null || size <= test.maxTableSizeBytes()) {
                candidates.add(new Candidate(table.getKey(), size));
            }
        }
        if (candidates.isEmpty()) {
            return new Draw(seed, candidates, List.of(), noCandidate(test, eligible.isEmpty()));
        }
        Random random = new Random(seed);
        List<Candidate> left = new ArrayList<>(candidates);
        List<String> drawn = new ArrayList<>();
        for (int i = 0; i < test.tables() && !left.isEmpty(); i++) {
            drawn.add(left.remove(random.nextInt(left.size())).tableArn());
        }
        List<Choice> choices = new ArrayList<>();
        for (String arn : drawn) {
            List<RestorePoint> of = eligible.get(arn);
            RestorePoint point = test.point() == RestoreTest.PointChoice.LATEST ? of.get(of.size() - 1)
                    : of.get(random.nextInt(of.size()));
            choices.add(new Choice(arn, point));
        }
        return new Draw(seed, candidates, choices, null);
    }

    private static String noCandidate(RestoreTest test, boolean noPoint) {
        String which = test.point() == RestoreTest.PointChoice.RANDOM
                ? "an alive point of the " + test.withinDays() + " days before the test's slot"
                : "an alive point at the test's slot";
        return noPoint ? "no table of the policy has " + which
                : "no table of the policy with " + which + " has a backup of at most " + test.maxTableSizeBytes()
                + " bytes (maxTableSizeBytes)";
    }
}
