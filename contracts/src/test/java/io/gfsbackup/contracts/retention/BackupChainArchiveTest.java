package io.gfsbackup.contracts.retention;

import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.ArchiveTarget;
import io.gfsbackup.contracts.policy.Tier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain asks for a point's archive copy at its archive instant (section 8), again after a failed attempt, and no
 * more once the copy is made or the point has expired; the copy changes no retention decision.
 */
class BackupChainArchiveTest {

    private static final Instant SLOT = Instant.parse("2026-01-05T07:00:00Z");
    private static final Instant ARCHIVE_AT = Instant.parse("2026-02-04T07:00:00Z");
    private static final Instant EXPIRY = Instant.parse("2026-07-05T07:00:00Z");
    private static final Archive ARCHIVE = new Archive(Period.ofDays(30), Set.of(Tier.M), Archive.Mode.MOVE,
            Archive.StorageClass.GLACIER_IR, new ArchiveTarget("acme-ddb-archive", "gfs", null, null, null, null, null));
    private static final RetentionSettings SETTINGS = new RetentionSettings(ZoneId.of("UTC"),
            Map.of(Tier.D, Period.ofDays(3), Tier.W, Period.ofDays(14), Tier.M, Period.ofMonths(6)), 0, ARCHIVE);
    private static final ArchiveLocation LOCATION = new ArchiveLocation("acme-ddb-archive", "us-east-1",
            "gfs/123456789012/us-east-1/orders/20260105T070000Z/", null);

    private static BackupChain chain() {
        BackupChain chain = new BackupChain();
        chain.applyAll(chain.recordPoint(SLOT, Set.of(Tier.D, Tier.W, Tier.M), "arn:backup", SETTINGS));
        chain.applyAll(chain.recordPoint(SLOT.plus(Duration.ofHours(4)), Set.of(Tier.D), "arn:backup-2", SETTINGS));
        return chain;
    }

    @Test
    void theArchiveIsAskedForAtTheArchiveInstantOfAnArchivedPointOnly() {
        BackupChain chain = chain();

        assertThat(chain.nextDueAfter(Instant.parse("2026-01-20T00:00:00Z"))).contains(ARCHIVE_AT);
        assertThat(chain.applyAll(chain.advanceTo(ARCHIVE_AT.minusSeconds(1))))
                .noneMatch(ArchiveDue.class::isInstance);
        List<ChainEvent> due = chain.applyAll(chain.advanceTo(ARCHIVE_AT));

        assertThat(due).containsExactly(new ArchiveDue(SLOT, ARCHIVE_AT, 1, ARCHIVE));
        assertThat(chain.point(SLOT).orElseThrow().archive().plannedAt()).isEqualTo(ARCHIVE_AT);
        assertThat(chain.point(SLOT.plus(Duration.ofHours(4))).orElseThrow().archive().plannedAt()).isNull();
        assertThat(chain.applyAll(chain.advanceTo(ARCHIVE_AT.plus(Duration.ofHours(5))))).as("asked once").isEmpty();
        assertThat(chain.applyAll(chain.advanceTo(ARCHIVE_AT.plus(Duration.ofHours(6)))))
                .as("an attempt that reports nothing in six hours is asked for again")
                .containsExactly(new ArchiveDue(SLOT, ARCHIVE_AT.plus(Duration.ofHours(6)), 2, ARCHIVE));
    }

    @Test
    void aFailedAttemptIsAskedForAgainAfterAnHourThenTwoThenFour() {
        BackupChain chain = chain();
        chain.applyAll(chain.advanceTo(ARCHIVE_AT));
        Instant failedAt = ARCHIVE_AT.plus(Duration.ofMinutes(10));
        chain.applyAll(chain.recordArchiveFailed(new ArchiveFailed(SLOT, failedAt, 1, "AccessDenied", "w1")));

        assertThat(chain.recordArchiveFailed(new ArchiveFailed(SLOT, failedAt, 1, "AccessDenied", "w1")))
                .as("the same report again").isEmpty();
        assertThat(chain.applyAll(chain.advanceTo(failedAt.plus(Duration.ofMinutes(59))))).isEmpty();
        assertThat(chain.applyAll(chain.advanceTo(failedAt.plus(Duration.ofHours(1)))))
                .containsExactly(new ArchiveDue(SLOT, failedAt.plus(Duration.ofHours(1)), 2, ARCHIVE));
        Instant secondFailure = failedAt.plus(Duration.ofHours(1)).plusSeconds(30);
        chain.applyAll(chain.recordArchiveFailed(new ArchiveFailed(SLOT, secondFailure, 2, "AccessDenied", "w1")));
        assertThat(chain.nextDueAfter(secondFailure)).contains(secondFailure.plus(Duration.ofHours(2)));
        assertThat(chain.point(SLOT).orElseThrow().archive().failures()).isEqualTo(2);
        assertThat(chain.point(SLOT).orElseThrow().archive().lastError()).isEqualTo("AccessDenied");
        assertThat(BackupChain.archiveRetryAfter(3)).isEqualTo(Duration.ofHours(4));
        assertThat(BackupChain.archiveRetryAfter(12)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aMadeCopyEndsTheRequestsAndChangesNoRetention() {
        BackupChain chain = chain();
        chain.applyAll(chain.advanceTo(ARCHIVE_AT));
        PointArchived archived = new PointArchived(SLOT, ARCHIVE_AT.plusSeconds(90), LOCATION, "arn:export", 5,
                "GLACIER_IR", true, "w1");
        chain.applyAll(chain.recordArchived(archived));

        assertThat(chain.recordArchived(archived)).as("recorded once").isEmpty();
        assertThat(chain.recordArchiveFailed(new ArchiveFailed(SLOT, ARCHIVE_AT.plusSeconds(95), 1, "late", "w2")))
                .isEmpty();
        assertThat(chain.point(SLOT).orElseThrow().archive().archivedBy(ARCHIVE_AT.plusSeconds(90))).isTrue();
        List<ChainEvent> rest = chain.applyAll(chain.advanceTo(EXPIRY));
        assertThat(rest).noneMatch(ArchiveDue.class::isInstance)
                .contains(new PointExpired(SLOT, EXPIRY, PointExpired.Reason.NO_FLAGS_LEFT));
    }

    @Test
    void aPointThatExpiresBeforeItsRetryIsNotAskedForAgainAndAReplayedChainDecidesTheSame() {
        BackupChain chain = chain();
        chain.applyAll(chain.advanceTo(ARCHIVE_AT));
        chain.applyAll(chain.recordArchiveFailed(new ArchiveFailed(SLOT, EXPIRY.minusSeconds(60), 1, "x", "w1")));
        BackupChain replayed = BackupChain.replay(history(chain));

        List<ChainEvent> rest = chain.applyAll(chain.advanceTo(EXPIRY.plus(Duration.ofDays(2))));

        assertThat(rest).noneMatch(ArchiveDue.class::isInstance);
        assertThat(replayed.advanceTo(EXPIRY.plus(Duration.ofDays(2)))).isEqualTo(rest);
    }

    private static List<ChainEvent> history(BackupChain chain) {
        BackupChain fresh = new BackupChain();
        List<ChainEvent> events = new java.util.ArrayList<>();
        events.addAll(fresh.applyAll(fresh.recordPoint(SLOT, Set.of(Tier.D, Tier.W, Tier.M), "arn:backup", SETTINGS)));
        events.addAll(fresh.applyAll(fresh.recordPoint(SLOT.plus(Duration.ofHours(4)), Set.of(Tier.D), "arn:backup-2",
                SETTINGS)));
        events.addAll(fresh.applyAll(fresh.advanceTo(ARCHIVE_AT)));
        events.addAll(fresh.applyAll(fresh.recordArchiveFailed(new ArchiveFailed(SLOT, EXPIRY.minusSeconds(60), 1, "x",
                "w1"))));
        return events;
    }
}
