package io.gfsbackup.retention.api;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Apply everything that fell due in a chain at or before {@code now}, in time order. */
public record AdvanceChain(@TargetAggregateIdentifier UUID chainId, Instant now) {
}
