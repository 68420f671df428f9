package io.gfsbackup.contracts.retention;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.Tier;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The retention settings of one policy version, which stay with every point that version created
 * (retention-semantics, section 4): the zone, each tier's keep period, keepAtLeast (section 5) and the archive tier
 * (section 8; {@code null}: none).
 */
public record RetentionSettings(ZoneId zone, Map<Tier, Period> keep, int keepAtLeast,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Archive archive) {

    public RetentionSettings {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(keep, "keep");
        EnumMap<Tier, Period> copy = new EnumMap<>(Tier.class);
        copy.putAll(keep);
        keep = Collections.unmodifiableMap(copy);
        if (keepAtLeast < 0) {
            throw new IllegalArgumentException("keepAtLeast must not be negative: " + keepAtLeast);
        }
    }

    /** Settings without an archive tier. */
    public RetentionSettings(ZoneId zone, Map<Tier, Period> keep, int keepAtLeast) {
        this(zone, keep, keepAtLeast, null);
    }

    /** The settings of {@code policy}: its zone, the keep of each tier present, its keepAtLeast, its archive. */
    public static RetentionSettings of(BackupPolicy policy) {
        EnumMap<Tier, Period> keep = new EnumMap<>(Tier.class);
        for (Tier tier : policy.schedule().tiers()) {
            keep.put(tier, policy.schedule().keep(tier).orElseThrow());
        }
        return new RetentionSettings(policy.timeZone(), keep, policy.retentionSafety().keepAtLeast(), policy.archive());
    }

    /** Whether a flag of {@code tier} has a keep period here. */
    public boolean covers(Tier tier) {
        return keep.containsKey(tier);
    }

    /**
     * When flag {@code flag} of the point of {@code slot} is unassigned (section 4): the slot in the policy zone
     * plus the tier's keep, as {@link ZonedDateTime#plus(java.time.temporal.TemporalAmount)} computes it: calendar
     * arithmetic on the local date-time, re-resolved keeping the original offset where it is still valid.
     *
     * @throws IllegalArgumentException when this version has no such tier
     */
    public Instant expiryOf(Instant slot, Tier flag) {
        Period period = keep.get(flag);
        if (period == null) {
            throw new IllegalArgumentException("no keep period for tier " + flag + " in " + keep);
        }
        return ZonedDateTime.ofInstant(slot, zone).plus(period).toInstant();
    }

    /**
     * When the point of {@code slot}, whose flags expire at {@code flagExpiries}, is archived (section 8); empty when
     * this version has no archive tier or the point is never archived.
     */
    public Optional<Instant> archiveInstantOf(Instant slot, Map<Tier, Instant> flagExpiries) {
        return archive == null ? Optional.empty()
                : archive.archiveInstant(zone, slot, flagExpiries, archive.tiersOf(keep.keySet()));
    }

    /** The expiry of each of {@code flags} on the point of {@code slot}, in the order D, W, M, Y. */
    public Map<Tier, Instant> expiriesOf(Instant slot, Collection<Tier> flags) {
        EnumMap<Tier, Instant> expiries = new EnumMap<>(Tier.class);
        for (Tier flag : flags) {
            expiries.put(flag, expiryOf(slot, flag));
        }
        return Collections.unmodifiableMap(expiries);
    }
}
