package io.gfsbackup.retention.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.ChainPoint;

/**
 * One restore point of a chain: its flags at creation, when each goes or went, and whether it is kept.
 *
 * @param hold     the legal hold on it now: since when, by whom ({@code by}) and why ({@code reason}); {@code null}
 *                 when it is not held
 * @param restores the restores of its backup (who asked, when, to which table, which worker started it, how it
 *                 ended and how long the table took to become ACTIVE); they change none of the rest
 */
public record PointView(Instant slot, String backupArn, Set<Tier> flags, Set<Tier> carriedFlags,
                        Map<Tier, Instant> flagExpiries, Map<Tier, Instant> unassigned, Set<Tier> remainingFlags,
                        boolean legalHold, ChainPoint.Hold hold, Instant expiredAt, Instant deletedAt,
                        boolean alive, List<ChainPoint.Restore> restores) {

    public static PointView of(ChainPoint point) {
        return new PointView(point.slot(), point.backupArn(), point.flags(), point.carriedFlags(),
                point.flagExpiries(), point.unassigned(), point.remainingFlags(), point.legalHold(), point.hold(),
                point.expiredAt(), point.deletedAt(), point.isAlive(), point.restores());
    }
}
