package io.gfsbackup.retention.query;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.retention.BackupChain;

/**
 * A chain as the audit API shows it: every restore point ever recorded with its flags and their fate, the flags
 * of lost slots still waiting for a point, and when the next retention event falls due.
 *
 * @param asOf the instant the chain was rebuilt for, or {@code null} for the chain as recorded now
 */
public record ChainView(UUID chainId, UUID policyId, TableRef table, Instant asOf, long events, Instant nextDueAt,
                        int alivePoints, List<PointView> points, List<BackupChain.Carry> pendingCarries) {
}
