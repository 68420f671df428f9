package io.gfsbackup.worker.persistence;

import java.time.Instant;
import java.util.UUID;

import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.policy.AwsAccount;

/**
 * One due in the ledger. {@code terms} are the due's policy version, flags and retention settings, kept from the
 * claim on to judge a deletion (null only in entries written before they were kept). {@code owner} and
 * {@code leaseUntil} belong to a claim; the backup fields to CREATING, CREATED and DELETED; {@code reason} and
 * {@code attempts} to FAILED and MISSED. {@code outcomeAt} is the {@code occurredAt} of the outcome message, kept so
 * that a redelivered due re-publishes exactly the same message.
 */
public record LedgerEntry(UUID dueId, LedgerState state, UUID policyId, String tableArn, Instant slot,
                          DueTerms terms, String owner, Instant leaseUntil,
                          String backupArn, String backupName, long sizeBytes, Instant backupCreatedAt,
                          String reason, int attempts, Instant outcomeAt,
                          Instant deletedAt, boolean alreadyGone) {

    /**
     * How the account of the entry's table is reached: the role the due named, or {@code null} for the services'
     * own account (also for entries written before accounts were kept).
     */
    public AwsAccount account() {
        return terms == null ? null : terms.account();
    }

    public static LedgerEntry claimed(DueSlot due, String owner, Instant leaseUntil) {
        return new LedgerEntry(due.dueId(), LedgerState.CLAIMED, due.policyId(), due.table().arn(), due.slot(),
                DueTerms.of(due), owner, leaseUntil, null, null, 0, null, null, 0, null, null, false);
    }

    public static LedgerEntry missed(DueSlot due, String reason, Instant at) {
        return new LedgerEntry(due.dueId(), LedgerState.MISSED, due.policyId(), due.table().arn(), due.slot(),
                DueTerms.of(due), null, null, null, null, 0, null, reason, 0, at, null, false);
    }

    /** The backup was started but is not AVAILABLE yet: recorded so that it is followed, never dropped. */
    public LedgerEntry creating(String arn, String name, Instant createdAt, int tries) {
        return new LedgerEntry(dueId, LedgerState.CREATING, policyId, tableArn, slot, terms, null, null,
                arn, name, 0, createdAt, null, tries, null, null, false);
    }

    public LedgerEntry created(String arn, String name, long size, Instant createdAt, int tries, Instant at) {
        return new LedgerEntry(dueId, LedgerState.CREATED, policyId, tableArn, slot, terms, owner, null,
                arn, name, size, createdAt, null, tries, at, null, false);
    }

    public LedgerEntry failed(String why, int tries, Instant at) {
        return new LedgerEntry(dueId, LedgerState.FAILED, policyId, tableArn, slot, terms, owner, null,
                null, null, 0, null, why, tries, at, null, false);
    }

    public LedgerEntry deleted(Instant at, boolean gone) {
        return new LedgerEntry(dueId, LedgerState.DELETED, policyId, tableArn, slot, terms, owner, null,
                backupArn, backupName, sizeBytes, backupCreatedAt, reason, attempts, outcomeAt, at, gone);
    }

    public LedgerEntry ownedBy(String newOwner, Instant newLeaseUntil) {
        return new LedgerEntry(dueId, state, policyId, tableArn, slot, terms, newOwner, newLeaseUntil,
                backupArn, backupName, sizeBytes, backupCreatedAt, reason, attempts, outcomeAt, deletedAt,
                alreadyGone);
    }
}
