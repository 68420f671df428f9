package io.gfsbackup.contracts.policy;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A policy's archive tier (retention-semantics, section 8; docs/archive.md): {@code after} its slot, a point that
 * still holds a flag of {@code tiers} long enough to pay for the storage class's minimum duration is copied to S3
 * ({@code target}) as a DynamoDB export in {@code storageClass}; in {@code MOVE} mode its warm backup is then
 * deleted, in {@code COPY} mode it stays until the point expires.
 *
 * @param tiers the tiers whose points are archived; {@code null}: every tier of the schedule
 */
public record Archive(Period after, Set<Tier> tiers, Mode mode, StorageClass storageClass, ArchiveTarget target) {

    public static final StorageClass DEFAULT_STORAGE_CLASS = StorageClass.GLACIER_IR;
    public static final Mode DEFAULT_MODE = Mode.MOVE;
    public static final Period MAX_AFTER = Period.ofYears(100);

    /** What becomes of the warm backup once the archive copy is made and verified. */
    public enum Mode {
        /** The warm backup is deleted: the point lives on in the archive until it expires. */
        MOVE,
        /** The warm backup stays until the point expires: an off-site copy beside it. */
        COPY
    }

    /** An S3 storage class an archive copy may be kept in, with the minimum storage duration S3 bills. */
    public enum StorageClass {
        STANDARD(0, false),
        STANDARD_IA(30, false),
        GLACIER_IR(90, false),
        GLACIER(90, true),
        DEEP_ARCHIVE(180, true);

        private final int minimumDays;
        private final boolean restoredBeforeRead;

        StorageClass(int minimumDays, boolean restoredBeforeRead) {
            this.minimumDays = minimumDays;
            this.restoredBeforeRead = restoredBeforeRead;
        }

        /** The days S3 bills an object of this class for at least, however early it is deleted. */
        public int minimumDays() {
            return minimumDays;
        }

        /** Whether an object must first be restored from S3 (a retrieval of hours) before it can be read. */
        public boolean restoredBeforeRead() {
            return restoredBeforeRead;
        }
    }

    public Archive {
        if (tiers != null) {
            EnumSet<Tier> copy = EnumSet.noneOf(Tier.class);
            copy.addAll(tiers);
            tiers = Collections.unmodifiableSet(copy);
        }
        mode = mode == null ? DEFAULT_MODE : mode;
        storageClass = storageClass == null ? DEFAULT_STORAGE_CLASS : storageClass;
    }

    /** The tiers whose points are archived under {@code schedule}: {@code tiers}, or all of the schedule's. */
    public Set<Tier> tiersOf(Set<Tier> scheduleTiers) {
        return tiers == null ? scheduleTiers : tiers;
    }

    /** Whether {@code tiers} was given (rather than defaulting to all tiers of the schedule). */
    public boolean explicitTiers() {
        return tiers != null;
    }

    /**
     * The archive instant of a point of {@code slot} whose flags expire at {@code flagExpiries} (its own and those
     * carried to it), if it is archived (section 8): its slot plus {@code after} in {@code zone}, computed as a
     * flag's expiry, provided that it then holds a flag of {@code archivedTiers} that expires after that instant and
     * not before it plus the storage class's minimum duration. Flags are unassigned only when they expire, so the
     * flags a point holds at that instant are those whose expiry is after it.
     */
    public Optional<Instant> archiveInstant(ZoneId zone, Instant slot, Map<Tier, Instant> flagExpiries,
                                            Set<Tier> archivedTiers) {
        ZonedDateTime at = ZonedDateTime.ofInstant(slot, zone).plus(after);
        Instant archiveAt = at.toInstant();
        Instant minimumUntil = at.plusDays(storageClass.minimumDays()).toInstant();
        for (Map.Entry<Tier, Instant> flag : flagExpiries.entrySet()) {
            Instant expiry = flag.getValue();
            if (archivedTiers.contains(flag.getKey()) && expiry.isAfter(archiveAt) && !expiry.isBefore(minimumUntil)) {
                return Optional.of(archiveAt);
            }
        }
        return Optional.empty();
    }
}
