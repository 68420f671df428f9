package io.gfsbackup.retention.api;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Keep the point of {@code slot} from expiring, from {@code at} on (section 5): by whom and why. */
public record PlaceLegalHold(@TargetAggregateIdentifier UUID chainId, Instant slot, Instant at, String by,
                             String reason) {
}
