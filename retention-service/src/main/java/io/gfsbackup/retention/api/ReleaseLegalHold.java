package io.gfsbackup.retention.api;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * End the legal hold on the point of {@code slot} at {@code at}, by whom and why; with no flags left it expires
 * then.
 */
public record ReleaseLegalHold(@TargetAggregateIdentifier UUID chainId, Instant slot, Instant at, String by,
                               String reason) {
}
