package io.gfsbackup.contracts.messages;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a restore changes from the backup, with the overrides {@code RestoreTableFromBackup} offers, and which of
 * the source table's settings that a restore does not carry it copies onto the new table afterwards.
 *
 * <ul>
 *   <li>{@code billingMode}: {@code PROVISIONED} (with both capacities) or {@code PAY_PER_REQUEST}; {@code null}
 *       keeps the backup's.</li>
 *   <li>{@code encryption}: the new table's server-side encryption; {@code null} keeps the backup's.</li>
 *   <li>{@code excludeIndexes}: secondary indexes (global or local) the new table is created without.</li>
 *   <li>{@code reapply}: settings read from the source table, if it still exists, and applied to the new one.</li>
 * </ul>
 */
public record RestoreOptions(BillingMode billingMode, Long readCapacityUnits, Long writeCapacityUnits,
                             Encryption encryption, String kmsKeyId, Set<String> excludeIndexes,
                             Set<SourceSetting> reapply) {

    /** No override and nothing re-applied: the table as the backup has it. */
    public static final RestoreOptions NONE = new RestoreOptions(null, null, null, null, null, null, null);

    public enum BillingMode { PROVISIONED, PAY_PER_REQUEST }

    /** Server-side encryption: a key AWS owns, the account's AWS managed key, or a customer managed key. */
    public enum Encryption { AWS_OWNED, AWS_MANAGED, CUSTOMER_MANAGED }

    /** What a restore does not carry from the source table (AWS: "Restoring a DynamoDB table from a backup"). */
    public enum SourceSetting { TAGS, TTL, POINT_IN_TIME_RECOVERY, STREAMS }

    public RestoreOptions {
        excludeIndexes = excludeIndexes == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(excludeIndexes));
        reapply = reapply == null || reapply.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(reapply));
    }
}
