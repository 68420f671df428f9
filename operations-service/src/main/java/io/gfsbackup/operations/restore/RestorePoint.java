package io.gfsbackup.operations.restore;

import java.time.Instant;
import java.util.UUID;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.AwsAccount;

/**
 * A restore point as the projection knows it ({@code restore_point}): its policy, table, slot and backup, whether it
 * expired or was deleted, the account's role as the backup's due named it ({@code account} null: the service's own
 * account), its backup's size as DescribeBackup last gave it ({@code sizeBytes} null: not read yet), and its archive
 * copy ({@code archiveUri} null: none; {@code moved}: its warm backup was deleted once the copy was made;
 * {@code archiveAccess}: the role the copy was written with, null: the services' own credentials).
 */
public record RestorePoint(UUID policyId, TableRef table, Instant slot, String backupArn, Instant createdAt,
                           Instant expiredAt, Instant deletedAt, AwsAccount account, Long sizeBytes,
                           String archiveUri, boolean moved, AwsAccount archiveAccess) {

    public UUID chainId() {
        return Ids.chainId(policyId, table.arn());
    }

    /** Whether the point's backup may be restored at {@code now}: not deleted, not expired. */
    public boolean aliveAt(Instant now) {
        return deletedAt == null && (expiredAt == null || expiredAt.isAfter(now));
    }

    public RestoreSource source() {
        return new RestoreSource(policyId, table, slot, backupArn);
    }

    /** A table named {@code name} in the point's account and region. */
    public TableRef sibling(String name) {
        return sibling(name, table.accountId(), table.region());
    }

    /** A table named {@code name} in {@code accountId} and {@code region}, in the point's partition. */
    public TableRef sibling(String name, String accountId, String region) {
        String partition = table.arn().split(":", 3)[1];
        return new TableRef(region, accountId, name,
                "arn:" + partition + ":dynamodb:" + region + ":" + accountId + ":table/" + name);
    }
}
