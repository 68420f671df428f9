package io.gfsbackup.contracts.messages;

import java.time.Instant;
import java.util.UUID;

/**
 * The restore point a restore reads: the point of {@code slot} in the chain of {@code policyId} and {@code table},
 * whose backup is {@code backupArn}. The worker restores it in the account and region its ledger recorded for that
 * point, whatever a message says.
 */
public record RestoreSource(UUID policyId, TableRef table, Instant slot, String backupArn) {

    public RestoreSource {
        Require.present(policyId, "source.policyId");
        Require.present(table, "source.table");
        Require.present(slot, "source.slot");
        Require.present(backupArn, "source.backupArn");
    }

    /** The due whose backup this is: the worker's ledger entry of the point. */
    public UUID dueId() {
        return Ids.dueId(policyId, table.arn(), slot);
    }

    /** The chain (retention aggregate) the point belongs to. */
    public UUID chainId() {
        return Ids.chainId(policyId, table.arn());
    }
}
