package io.gfsbackup.worker.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.gfsbackup.contracts.messages.RestoreOptions;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexInfo;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexInfo;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.SourceTableFeatureDetails;

/**
 * The RestoreTableFromBackup request of a restore: its {@link RestoreOptions} as the overrides DynamoDB offers.
 * <ul>
 *   <li>{@code billingMode} is {@code BillingModeOverride}; the capacities are {@code ProvisionedThroughputOverride}.</li>
 *   <li>{@code encryption} is {@code SSESpecificationOverride}: AWS_OWNED is {@code Enabled=false}, AWS_MANAGED
 *       {@code Enabled=true, SSEType=KMS}, CUSTOMER_MANAGED the same with {@code KMSMasterKeyId}.</li>
 *   <li>{@code excludeIndexes}: the backup's secondary indexes (DescribeBackup's {@code SourceTableFeatureDetails})
 *       minus the excluded ones, as {@code GlobalSecondaryIndexOverride} and {@code LocalSecondaryIndexOverride};
 *       an excluded name the backup does not have is an error naming the indexes it has.</li>
 * </ul>
 */
final class RestoreCall {

    private RestoreCall() {
    }

    /**
     * The request restoring {@code backupArn} to {@code target}.
     *
     * @throws IllegalArgumentException when an excluded index is not one of the backup's
     */
    static RestoreTableFromBackupRequest request(String backupArn, String target, RestoreOptions options,
                                                 BackupDescription backup) {
        RestoreTableFromBackupRequest.Builder request = RestoreTableFromBackupRequest.builder()
                .backupArn(backupArn).targetTableName(target);
        if (options.billingMode() != null) {
            request.billingModeOverride(options.billingMode() == RestoreOptions.BillingMode.PROVISIONED
                    ? BillingMode.PROVISIONED : BillingMode.PAY_PER_REQUEST);
        }
        ProvisionedThroughput capacity = capacity(options);
        if (capacity != null) {
            request.provisionedThroughputOverride(capacity);
        }
        if (options.encryption() != null) {
            request.sseSpecificationOverride(switch (options.encryption()) {
                case AWS_OWNED -> SSESpecification.builder().enabled(false).build();
                case AWS_MANAGED -> SSESpecification.builder().enabled(true).sseType(SSEType.KMS).build();
                case CUSTOMER_MANAGED -> SSESpecification.builder().enabled(true).sseType(SSEType.KMS)
                        .kmsMasterKeyId(options.kmsKeyId()).build();
            });
        }
        if (!options.excludeIndexes().isEmpty()) {
            indexesWithout(request, options, backup, capacity);
        }
        return request.build();
    }

    private static ProvisionedThroughput capacity(RestoreOptions options) {
        if (options.readCapacityUnits() == null && options.writeCapacityUnits() == null) {
            return null;
        }
        return ProvisionedThroughput.builder().readCapacityUnits(options.readCapacityUnits())
                .writeCapacityUnits(options.writeCapacityUnits()).build();
    }

    private static void indexesWithout(RestoreTableFromBackupRequest.Builder request, RestoreOptions options,
                                       BackupDescription backup, ProvisionedThroughput capacity) {
        SourceTableFeatureDetails features = backup.sourceTableFeatureDetails();
        List<GlobalSecondaryIndexInfo> globals = features == null || !features.hasGlobalSecondaryIndexes()
                ? List.of() : features.globalSecondaryIndexes();
        List<LocalSecondaryIndexInfo> locals = features == null || !features.hasLocalSecondaryIndexes()
                ? List.of() : features.localSecondaryIndexes();
        Set<String> has = new TreeSet<>();
        globals.forEach(index -> has.add(index.indexName()));
        locals.forEach(index -> has.add(index.indexName()));
        Set<String> unknown = new TreeSet<>(options.excludeIndexes());
        unknown.removeAll(has);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("options.excludeIndexes: the backup has no index " + unknown
                    + "; its indexes are " + (has.isEmpty() ? "none" : has));
        }
        boolean provisioned = options.billingMode() == RestoreOptions.BillingMode.PROVISIONED;
        List<GlobalSecondaryIndex> keptGlobals = new ArrayList<>();
        for (GlobalSecondaryIndexInfo index : globals) {
            if (options.excludeIndexes().contains(index.indexName())) {
                continue;
            }
            GlobalSecondaryIndex.Builder kept = GlobalSecondaryIndex.builder().indexName(index.indexName())
                    .keySchema(index.keySchema()).projection(index.projection());
            ProvisionedThroughput own = index.provisionedThroughput();
            boolean ownCapacity = own != null && own.readCapacityUnits() != null && own.readCapacityUnits() > 0;
            if (options.billingMode() != RestoreOptions.BillingMode.PAY_PER_REQUEST && ownCapacity) {
                kept.provisionedThroughput(own);
            } else if (provisioned && capacity != null) {
                kept.provisionedThroughput(capacity);
            }
            keptGlobals.add(kept.build());
        }
        List<LocalSecondaryIndex> keptLocals = new ArrayList<>();
        for (LocalSecondaryIndexInfo index : locals) {
            if (!options.excludeIndexes().contains(index.indexName())) {
                keptLocals.add(LocalSecondaryIndex.builder().indexName(index.indexName())
                        .keySchema(index.keySchema()).projection(index.projection()).build());
            }
        }
        request.globalSecondaryIndexOverride(keptGlobals).localSecondaryIndexOverride(keptLocals);
    }
}
