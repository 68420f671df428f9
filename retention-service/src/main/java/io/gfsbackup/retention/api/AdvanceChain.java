package io.gfsbackup.retention.api;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Apply everything that fell due in a chain at or before {@code now}, in time order; expiries only within
 * {@code budget} (the clock guard), otherwise they are held back.
 */
public record AdvanceChain(@TargetAggregateIdentifier UUID chainId, Instant now, ExpiryBudget budget) {

    /** Everything due, without a limit on expiries. */
    public AdvanceChain(UUID chainId, Instant now) {
        this(chainId, now, ExpiryBudget.UNLIMITED);
    }
}
