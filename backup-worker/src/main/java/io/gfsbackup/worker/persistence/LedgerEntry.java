package io.gfsbackup.worker.persistence;

import java.time.Instant;
import java.util.UUID;

/**
 * One due in the ledger. {@code owner} and {@code leaseUntil} belong to a claim; the backup fields to CREATED and
 * DELETED; {@code reason} and {@code attempts} to FAILED and MISSED. {@code outcomeAt} is the {@code occurredAt} of
 * the outcome message, kept so that a redelivered due re-publishes exactly the same message.
 */
public record LedgerEntry(UUID dueId, LedgerState state, UUID policyId, String tableArn, Instant slot,
                          String owner, Instant leaseUntil,
                          String backupArn, String backupName, long sizeBytes, Instant backupCreatedAt,
                          String reason, int attempts, Instant outcomeAt,
                          Instant deletedAt, boolean alreadyGone) {

    public static LedgerEntry claimed(UUID dueId, UUID policyId, String tableArn, Instant slot, String owner,
                                      Instant leaseUntil) {
        return new LedgerEntry(dueId, LedgerState.CLAIMED, policyId, tableArn, slot, owner, leaseUntil,
                null, null, 0, null, null, 0, null, null, false);
    }

    public static LedgerEntry missed(UUID dueId, UUID policyId, String tableArn, Instant slot, String reason,
                                     Instant at) {
        return new LedgerEntry(dueId, LedgerState.MISSED, policyId, tableArn, slot, null, null,
                null, null, 0, null, reason, 0, at, null, false);
    }

    public LedgerEntry created(String arn, String name, long size, Instant createdAt, int tries, Instant at) {
        return new LedgerEntry(dueId, LedgerState.CREATED, policyId, tableArn, slot, owner, null,
                arn, name, size, createdAt, null, tries, at, null, false);
    }

    public LedgerEntry failed(String why, int tries, Instant at) {
        return new LedgerEntry(dueId, LedgerState.FAILED, policyId, tableArn, slot, owner, null,
                null, null, 0, null, why, tries, at, null, false);
    }

    public LedgerEntry deleted(Instant at, boolean gone) {
        return new LedgerEntry(dueId, LedgerState.DELETED, policyId, tableArn, slot, owner, null,
                backupArn, backupName, sizeBytes, backupCreatedAt, reason, attempts, outcomeAt, at, gone);
    }

    public LedgerEntry ownedBy(String newOwner, Instant newLeaseUntil) {
        return new LedgerEntry(dueId, state, policyId, tableArn, slot, newOwner, newLeaseUntil,
                backupArn, backupName, sizeBytes, backupCreatedAt, reason, attempts, outcomeAt, deletedAt,
                alreadyGone);
    }
}
