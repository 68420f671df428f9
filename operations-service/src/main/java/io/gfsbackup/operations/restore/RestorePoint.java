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
 * copy ({@code archiveUri} null: none; {@code moved}: its warm backup was deleted once the copy was made).
 */
public record RestorePoint(UUID policyId, TableRef table, Instant slot, String backupArn, Instant createdAt,
                           Instant expiredAt, Instant deletedAt, AwsAccount account, Long sizeBytes,
                           String archiveUri, boolean moved) {

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
        return sibling(name, table.region());
    }

    /** A table named {@code name} in the point's account, in {@code region}. */
    public TableRef sibling(String name, String region) {
        String arn = table.arn();
        String prefix = arn.substring(0, arn.indexOf(":table/") + ":table/".length());
        return new TableRef(region, table.accountId(), name,
                prefix.replace(":dynamodb:" + table.region() + ":", ":dynamodb:" + region + ":") + name);
    }
}
