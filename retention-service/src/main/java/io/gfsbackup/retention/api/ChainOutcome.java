package io.gfsbackup.retention.api;

import java.time.Instant;
import java.util.List;

import io.gfsbackup.contracts.retention.ChainEvent;

/**
 * What a command did to a chain: the events it applied (empty when it changed nothing, e.g. a duplicate) and
 * when the chain's next retention event falls due ({@code null} when nothing is pending).
 */
public record ChainOutcome(List<ChainEvent> events, Instant nextDueAt) {
}
