package io.gfsbackup.contracts.retention;

import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.schedule.Flags;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A read-only view of one point of a {@link BackupChain}: its flags at creation, when each was or will be
 * unassigned, which are unassigned already, and whether it expired or was deleted.
 *
 * @param unassigned the flags already unassigned, with the instant of each
 * @param hold       the legal hold on it now (since when, by whom, why), or {@code null} when not held
 * @param expiredAt  when it expired, or {@code null}
 * @param deletedAt  when its backup was deleted or found gone, or {@code null}
 * @param restores   the restores of its backup, in the order they started (or ended, for one never seen starting);
 *                   they change nothing else of the point
 * @param archive    its archive tier: when it is to be archived, the attempts, and its copy once made
 */
public record ChainPoint(Instant slot, Set<Tier> flags, Set<Tier> carriedFlags, Map<Tier, Instant> flagExpiries,
                         Map<Tier, Instant> unassigned, String backupArn, RetentionSettings settings,
                         boolean legalHold, Hold hold, Instant expiredAt, Instant deletedAt, List<Restore> restores,
                         Archival archive) {

    /**
     * The point's archive tier (retention-semantics section 8): {@code plannedAt}, its archive instant ({@code null}:
     * never archived); {@code requestedAt}, when the latest attempt was asked for; the attempts asked for and failed,
     * with the last error; and the copy once made ({@code null} before).
     */
    public record Archival(Instant plannedAt, Instant requestedAt, int attempts, int failures, String lastError,
                           PointArchived copy) {

        /** Whether the copy was made at or before {@code instant}. */
        public boolean archivedBy(Instant instant) {
            return copy != null && !copy.at().isAfter(instant);
        }
    }

    /**
     * A legal hold in force: placed at {@code since}, by {@code by} for {@code reason} (both {@code null} for a
     * hold recorded before they were).
     */
    public record Hold(Instant since, String by, String reason) {
    }

    /**
     * A restore of the point's backup to the table {@code targetArn}, as {@code requestedBy} asked at
     * {@code requestedAt}: started by {@code startedBy} (the last worker that started it) at {@code startedAt} (the
     * first start), and ended at {@code endedAt} with {@code outcome}; {@code outcome} and what follows it are
     * {@code null} while it runs.
     */
    public record Restore(UUID restoreId, String targetArn, String requestedBy, Instant requestedAt, boolean test,
                          String startedBy, Instant startedAt,
                          RestoreEnded.Outcome outcome, Instant endedAt,
                          Duration timeToRestore, String error) {

        Restore started(RestoreStarted event) {
            return new Restore(restoreId, targetArn, requestedBy, requestedAt, test || event.test(),
                    event.startedBy(), startedAt == null ? event.at() : startedAt, outcome, endedAt, timeToRestore,
                    error);
        }

        Restore ended(RestoreEnded event) {
            return new Restore(restoreId, targetArn, requestedBy, requestedAt, test || event.test(), startedBy,
                    startedAt, event.outcome(), event.at(), event.timeToRestore(), event.error());
        }

        static Restore of(RestoreStarted event) {
            return new Restore(event.restoreId(), event.targetArn(), event.requestedBy(), event.requestedAt(),
                    event.test(), event.startedBy(), event.at(), null, null, null, null);
        }

        static Restore of(RestoreEnded event) {
            return new Restore(event.restoreId(), event.targetArn(), event.requestedBy(), event.requestedAt(),
                    event.test(), null, null, event.outcome(), event.at(), event.timeToRestore(), event.error());
        }
    }

    /** The flags not yet unassigned, in the order D, W, M, Y. */
    public Set<Tier> remainingFlags() {
        EnumSet<Tier> remaining = EnumSet.noneOf(Tier.class);
        remaining.addAll(flags);
        remaining.removeAll(unassigned.keySet());
        return Flags.of(remaining);
    }

    /** Whether the point is still kept: neither expired nor deleted. */
    public boolean isAlive() {
        return expiredAt == null && deletedAt == null;
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiredAt);
    }
}
