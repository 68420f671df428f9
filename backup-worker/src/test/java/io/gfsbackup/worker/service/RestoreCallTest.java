package io.gfsbackup.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.RestoreOptions;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexInfo;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexInfo;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.SSEType;

/**
 * The overrides of a restore request built from its options (moto takes only the target name and the backup ARN,
 * so the overrides are proven here and on the request the worker sends, {@link BackupRestoreTest}).
 */
class RestoreCallTest {

    private static final String BACKUP = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01";
    /** A backup with two global indexes and one local index, as DescribeBackup's SourceTableFeatureDetails gives it. */
    private static final BackupDescription WITH_INDEXES = BackupDescription.builder()
            .sourceTableFeatureDetails(f -> f
                    .globalSecondaryIndexes(global("by-customer"), global("by-status"))
                    .localSecondaryIndexes(LocalSecondaryIndexInfo.builder().indexName("by-date")
                            .keySchema(key("pk", KeyType.HASH), key("date", KeyType.RANGE))
                            .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build()))
            .build();

    private static GlobalSecondaryIndexInfo global(String name) {
        return GlobalSecondaryIndexInfo.builder().indexName(name).keySchema(key(name + "-key", KeyType.HASH))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static RestoreOptions options(RestoreOptions.Encryption encryption, Set<String> exclude) {
        return new RestoreOptions(null, null, null, encryption, null, exclude, null);
    }

    @Test
    void noOptionsSendOnlyTheBackupAndTheTargetName() {
        RestoreTableFromBackupRequest request = RestoreCall.request(BACKUP, "orders-copy", RestoreOptions.NONE,
                WITH_INDEXES);

        assertThat(request).isEqualTo(RestoreTableFromBackupRequest.builder().backupArn(BACKUP)
                .targetTableName("orders-copy").build());
    }

    @Test
    void anAwsOwnedKeyIsEncryptionNotEnabledAndAnAwsManagedKeyIsKmsWithoutAKeyId() {
        assertThat(RestoreCall.request(BACKUP, "t-1", options(RestoreOptions.Encryption.AWS_OWNED, null),
                WITH_INDEXES).sseSpecificationOverride()).satisfies(sse -> {
                    assertThat(sse.enabled()).isFalse();
                    assertThat(sse.sseType()).isNull();
                });
        assertThat(RestoreCall.request(BACKUP, "t-2", options(RestoreOptions.Encryption.AWS_MANAGED, null),
                WITH_INDEXES).sseSpecificationOverride()).satisfies(sse -> {
                    assertThat(sse.enabled()).isTrue();
                    assertThat(sse.sseType()).isEqualTo(SSEType.KMS);
                    assertThat(sse.kmsMasterKeyId()).isNull();
                });
    }

    @Test
    void excludedIndexesLeaveTheBackupsOtherIndexesAsOverrides() {
        RestoreTableFromBackupRequest request = RestoreCall.request(BACKUP, "t-3",
                options(null, Set.of("by-status", "by-date")), WITH_INDEXES);

        assertThat(request.globalSecondaryIndexOverride()).extracting(GlobalSecondaryIndex::indexName)
                .containsExactly("by-customer");
        assertThat(request.globalSecondaryIndexOverride().get(0).keySchema())
                .containsExactly(key("by-customer-key", KeyType.HASH));
        assertThat(request.hasLocalSecondaryIndexOverride()).isTrue();
        assertThat(request.localSecondaryIndexOverride()).extracting(LocalSecondaryIndex::indexName).isEmpty();
    }

    @Test
    void anExcludedIndexTheBackupDoesNotHaveIsRefusedNamingTheIndexesItHas() {
        assertThatThrownBy(() -> RestoreCall.request(BACKUP, "t-4", options(null, Set.of("by-colour")),
                WITH_INDEXES)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("options.excludeIndexes: the backup has no index [by-colour]; its indexes are "
                        + "[by-customer, by-date, by-status]");
    }
}
