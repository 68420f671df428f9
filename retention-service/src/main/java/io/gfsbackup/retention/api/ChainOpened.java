package io.gfsbackup.retention.api;

import java.util.UUID;

import io.gfsbackup.contracts.messages.TableRef;

/**
 * The first event of every chain: whose chain it is. The chain's other events are the {@code contracts}
 * {@link io.gfsbackup.contracts.retention.ChainEvent} records themselves, stored as they are.
 */
public record ChainOpened(UUID chainId, UUID policyId, TableRef table) {
}
