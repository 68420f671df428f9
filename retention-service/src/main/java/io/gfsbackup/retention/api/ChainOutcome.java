package io.gfsbackup.retention.api;

import java.time.Instant;
import java.util.List;

import io.gfsbackup.contracts.retention.ChainEvent;

/**
 * What a command did to a chain: the events it applied (empty when it changed nothing, e.g. a duplicate), when the
 * chain's next retention event falls due ({@code null} when nothing is pending), and how many due expiries it held
 * back because they were over the command's {@link ExpiryBudget} (they stay due; the chain is next due when it has
 * something else to do).
 */
public record ChainOutcome(List<ChainEvent> events, Instant nextDueAt, int heldExpiries) {

    public ChainOutcome(List<ChainEvent> events, Instant nextDueAt) {
        this(events, nextDueAt, 0);
    }
}
