package io.gfsbackup.leastprivilege;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.TableInventory;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.deploy.testing.IamEnforcedAws;
import io.gfsbackup.deploy.testing.IamEnforcedAws.Keys;
import io.gfsbackup.retention.persistence.LegalHoldTable;
import io.gfsbackup.worker.persistence.DynamoDbLedger;
import io.gfsbackup.worker.persistence.DynamoDbLegalHolds;
import io.gfsbackup.worker.persistence.LedgerEntry;
import io.gfsbackup.worker.persistence.LedgerState;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.InputCompressionType;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The AWS calls each service makes, made with given keys the way the service makes them: through the service's own
 * classes where they are plain ones (the worker's {@link DynamoDbLedger} and {@link DynamoDbLegalHolds}, the retention
 * service's {@link LegalHoldTable}, the {@code aws} module's {@link AwsClients} for the own account id and the
 * assumed role of the target account, and its {@link TableInventory}, which the scheduler, the policy service's
 * selection preview and the operations service read tables and tags with), else with the same SDK calls as the
 * service (the worker's backups: its {@code BackupCreation} and {@code BackupDeletion}, and its restores,
 * {@code BackupRestore}; the operations service's
 * point-in-time recovery reads, backup descriptions and SNS notifications). Both accounts are reached in each: the
 * own one and the target account through its role.
 */
final class ServiceCalls {

    static final String LEDGER = "gfs-backup-ledger";
    static final String HOLDS = "gfs-backup-holds";
    /** A table to back up, tagged {@code backup=daily}, in both accounts. */
    static final String TABLE = "orders";
    /**
     * The archive bucket of {@code accountId}: moto shares bucket names between accounts and exports only to a bucket
     * of the exporting account, so each account has its own (moto checks no resource of an S3 or export action).
     */
    static String archiveBucket(String accountId) {
        return IamEnforcedAws.ARCHIVE_BUCKET + "-" + accountId;
    }
    /** The topic notifications go to (the policy allows topics named {@code gfs-backup-*}). */
    static final String TOPIC = "gfs-backup-notifications";

    private final IamEnforcedAws aws;
    /** A backup of {@link #TABLE} in each account, made by its administrator, for the operations service. */
    private final Map<String, String> backups = new java.util.HashMap<>();
    private String topicArn;

    ServiceCalls(IamEnforcedAws aws) {
        this.aws = aws;
    }

    /** The tables the services need, created by the accounts' administrators as a deployment would. */
    void provision() {
        aws.createTable(IamEnforcedAws.SERVICE_ACCOUNT_ID, LEDGER, "dueId", Map.of());
        aws.createTable(IamEnforcedAws.SERVICE_ACCOUNT_ID, HOLDS, "dueId", Map.of());
        for (String account : List.of(IamEnforcedAws.SERVICE_ACCOUNT_ID, IamEnforcedAws.TARGET_ACCOUNT_ID)) {
            aws.createTable(account, TABLE, "id", Map.of("backup", "daily"));
            try (DynamoDbClient dynamo = aws.dynamoDb(aws.admin(account))) {
                backups.put(account, dynamo.createBackup(b -> b.tableName(TABLE).backupName("by-the-admin"))
                        .backupDetails().backupArn());
            }
        }
        try (SnsClient sns = sns(aws.admin())) {
            topicArn = sns.createTopic(b -> b.name(TOPIC)).topicArn();
        }
        for (String account : List.of(IamEnforcedAws.SERVICE_ACCOUNT_ID, IamEnforcedAws.TARGET_ACCOUNT_ID)) {
            try (S3Client s3 = S3Client.builder().endpointOverride(aws.endpoint()).forcePathStyle(true)
                    .region(Region.of(IamEnforcedAws.REGION)).credentialsProvider(aws.admin(account).provider())
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                // versioned, as a bucket with Object Lock is
                s3.createBucket(b -> b.bucket(archiveBucket(account)).objectLockEnabledForBucket(true));
            }
        }
    }

    /**
     * The operations service: the inventory of every account (as the scheduler's), the point-in-time recovery of the
     * tables it lists ({@code DescribeContinuousBackups}), a backup described ({@code DescribeBackup}: a job's size
     * and item count) and whether a restore's target table is free ({@code DescribeTable}) in each account, and a
     * notification published to SNS.
     */
    void operations(Keys keys) {
        inventory(keys, "gfs-operations-service");
        try (DynamoDbClient own = aws.dynamoDb(keys);
             AwsClients clients = new AwsClients(own, "gfs-operations-service", ApiLimits.none())) {
            for (AwsAccount account : accounts()) {
                String accountId = account == null ? IamEnforcedAws.SERVICE_ACCOUNT_ID : account.accountId();
                DynamoDbClient dynamo = clients.dynamoDb(account, IamEnforcedAws.REGION);
                assertThat(dynamo.describeContinuousBackups(b -> b.tableName(TABLE)).continuousBackupsDescription()
                        .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus())
                        .isEqualTo(PointInTimeRecoveryStatus.DISABLED);
                assertThat(dynamo.describeBackup(b -> b.backupArn(backups.get(accountId))).backupDescription()
                        .backupDetails().backupName()).isEqualTo("by-the-admin");
                try {
                    dynamo.describeTable(b -> b.tableName(TABLE + "-restored"));
                    throw new AssertionError("a restore's target table, checked to be free, exists");
                } catch (ResourceNotFoundException free) {
                    // as the operations service finds a free target table
                }
            }
        }
        try (SnsClient sns = sns(keys)) {
            assertThat(sns.publish(b -> b.topicArn(topicArn).subject("gfs-backup").message("{\"test\":true}"))
                    .messageId()).isNotBlank();
        }
    }

    private SnsClient sns(Keys keys) {
        return SnsClient.builder().endpointOverride(aws.endpoint()).region(Region.of(IamEnforcedAws.REGION))
                .credentialsProvider(keys.provider()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The scheduler's inventory: its own account id, then the tables and their tags in every account. */
    void scheduler(Keys keys) {
        inventory(keys, "gfs-scheduler-service");
    }

    /** The policy service's selection preview: the same inventory as the scheduler's. */
    void policyService(Keys keys) {
        inventory(keys, "gfs-policy-service");
    }

    /**
     * The worker: its ledger and the hold table, then a backup made, followed, found again and deleted in each
     * account, and a restore to a scratch table in each account.
     */
    void worker(Keys keys) {
        try (DynamoDbClient own = aws.dynamoDb(keys);
             AwsClients clients = new AwsClients(own, "gfs-backup-worker", ApiLimits.none())) {
            DynamoDbLedger ledger = new DynamoDbLedger(own, LEDGER);
            DynamoDbLegalHolds holds = new DynamoDbLegalHolds(own, HOLDS);
            ledger.verifyTable();
            holds.verifyTable();
            assertThat(ledger.reachable()).isTrue();

            UUID dueId = UUID.randomUUID();
            Instant now = Instant.now();
            LedgerEntry claimed = new LedgerEntry(dueId, LedgerState.CLAIMED, UUID.randomUUID(),
                    "arn:aws:dynamodb:" + IamEnforcedAws.REGION + ":" + IamEnforcedAws.SERVICE_ACCOUNT_ID + ":table/"
                            + TABLE, now, null, "worker-1", now.plusSeconds(60), null, null, 0, null, null, 0, null,
                    null, false);
            assertThat(ledger.claim(claimed)).isTrue();
            assertThat(ledger.find(dueId)).isPresent();
            assertThat(ledger.renew(dueId, "worker-1", now.plusSeconds(120))).isTrue();
            assertThat(holds.find(dueId)).isEmpty();

            BackupDetails made = backUp(own, dueId);
            assertThat(ledger.complete(claimed.created(made.backupArn(), made.backupName(), 0, now, 1, now),
                    "worker-1")).isTrue();
            backUp(clients.dynamoDb(aws.targetAccount(), IamEnforcedAws.REGION), dueId);
            restore(own, dueId);
            restore(clients.dynamoDb(aws.targetAccount(), IamEnforcedAws.REGION), dueId);
            archive(own, IamEnforcedAws.SERVICE_ACCOUNT_ID, dueId);
            try (S3Client s3 = s3(keys)) {
                archiveObjects(s3, archiveBucket(IamEnforcedAws.SERVICE_ACCOUNT_ID), dueId);
            }
            archive(clients.dynamoDb(aws.targetAccount(), IamEnforcedAws.REGION), IamEnforcedAws.TARGET_ACCOUNT_ID,
                    dueId);
        }
    }

    /**
     * The DynamoDB calls of an archive copy and of a restore from it (the worker's {@code ArchiveCopy}): a scratch
     * restore with point-in-time recovery on, ExportTableToPointInTime and DescribeExport, then ImportTable and
     * DescribeImport. The copy's S3 calls are not made here (LeastPrivilegeTest, CHECKED_ONLY_BY_AWS).
     */
    private static void archive(DynamoDbClient dynamo, String accountId, UUID dueId) {
        String bucket = archiveBucket(accountId);
        String arn = dynamo.createBackup(b -> b.tableName(TABLE).backupName(TABLE + "-archive-" + dueId))
                .backupDetails().backupArn();
        String scratch = "gfs-scratch-archive-" + TABLE + "-" + dueId.toString().substring(0, 8);
        dynamo.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName(scratch));
        String scratchArn = dynamo.describeTable(b -> b.tableName(scratch)).table().tableArn();
        dynamo.updateContinuousBackups(b -> b.tableName(scratch)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        String prefix = "gfs/" + dueId + "/";
        String export = dynamo.exportTableToPointInTime(b -> b.tableArn(scratchArn).s3Bucket(bucket)
                .s3Prefix(prefix + "data").exportFormat(ExportFormat.DYNAMODB_JSON)).exportDescription().exportArn();
        assertThat(dynamo.describeExport(b -> b.exportArn(export)).exportDescription().exportArn()).isEqualTo(export);
        String imported = "gfs-scratch-import-" + TABLE + "-" + dueId.toString().substring(0, 8);
        String importArn = dynamo.importTable(b -> b.s3BucketSource(source -> source.s3Bucket(bucket)
                        .s3KeyPrefix(prefix + "data/")).inputFormat(InputFormat.DYNAMODB_JSON)
                .inputCompressionType(InputCompressionType.GZIP)
                .tableCreationParameters(t -> t.tableName(imported).billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))))
                .importTableDescription().importArn();
        assertThat(dynamo.describeImport(b -> b.importArn(importArn)).importTableDescription().importArn())
                .isEqualTo(importArn);
        dynamo.deleteTable(b -> b.tableName(scratch));
        dynamo.deleteBackup(b -> b.backupArn(arn));
    }

    /**
     * The S3 calls of an archive copy in a bucket of the worker's own account (the worker's {@code ArchiveCopy}): the
     * description written ({@code PutObject}), an object copied onto itself in another storage class
     * ({@code PutObject}), the bucket's versioning read, the objects listed ({@code ListBucket}) and their versions
     * ({@code ListBucketVersions}), an object restored from GLACIER ({@code RestoreObject}) and read
     * ({@code HeadObject}: {@code GetObject}), a version deleted ({@code DeleteObjectVersion}) and an object
     * ({@code DeleteObject}). The lists go without a prefix: moto's signature check refuses the SDK's encoding of one
     * with IAM enforced. The Object Lock calls are not made here: moto checks them as {@code PutObject} and
     * {@code ListBucket} (LeastPrivilegeTest, CHECKED_FOR_RESTORES_ONLY_BY_AWS).
     */
    private static void archiveObjects(S3Client s3, String bucket, UUID dueId) {
        String prefix = "gfs/" + dueId + "/";
        String description = prefix + "table-description.json";
        s3.putObject(b -> b.bucket(bucket).key(description), RequestBody.fromString("{}"));
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(description).destinationBucket(bucket)
                .destinationKey(description).storageClass(StorageClass.GLACIER));
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key).contains(description);
        s3.restoreObject(b -> b.bucket(bucket).key(description).restoreRequest(r -> r.days(1)));
        s3.headObject(b -> b.bucket(bucket).key(description));
        for (var version : s3.listObjectVersions(b -> b.bucket(bucket)).versions()) {
            if (version.key().startsWith(prefix)) {
                s3.deleteObject(b -> b.bucket(bucket).key(version.key()).versionId(version.versionId()));
            }
        }
        s3.putObject(b -> b.bucket(bucket).key(prefix + "data/part-0"), RequestBody.fromString("x"));
        s3.deleteObject(b -> b.bucket(bucket).key(prefix + "data/part-0"));
    }

    private S3Client s3(Keys keys) {
        return S3Client.builder().endpointOverride(aws.endpoint()).forcePathStyle(true)
                .region(Region.of(IamEnforcedAws.REGION)).credentialsProvider(keys.provider())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /**
     * As the worker restores (its {@code BackupRestore}): DescribeBackup, RestoreTableFromBackup to a scratch table,
     * DescribeTable until ACTIVE, the source table's settings read and re-applied (tags, TTL, point-in-time recovery,
     * stream), the restore test's Scan and GetItem, and DeleteTable of the scratch table.
     */
    private static void restore(DynamoDbClient dynamo, UUID dueId) {
        String arn = dynamo.createBackup(b -> b.tableName(TABLE).backupName(TABLE + "-restore-" + dueId))
                .backupDetails().backupArn();
        assertThat(dynamo.describeBackup(b -> b.backupArn(arn)).backupDescription().backupDetails().backupArn())
                .isEqualTo(arn);
        String scratch = "gfs-scratch-" + TABLE + "-" + dueId.toString().substring(0, 8);
        dynamo.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName(scratch));
        TableDescription target = dynamo.describeTable(b -> b.tableName(scratch)).table();
        assertThat(target.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        TableDescription source = dynamo.describeTable(b -> b.tableName(TABLE)).table();
        List<Tag> tags = dynamo.listTagsOfResource(b -> b.resourceArn(source.tableArn())).tags();
        dynamo.tagResource(b -> b.resourceArn(target.tableArn()).tags(tags));
        dynamo.describeTimeToLive(b -> b.tableName(TABLE));
        dynamo.updateTimeToLive(b -> b.tableName(scratch).timeToLiveSpecification(t -> t.enabled(true)
                .attributeName("expiresAt")));
        dynamo.describeContinuousBackups(b -> b.tableName(TABLE));
        dynamo.updateContinuousBackups(b -> b.tableName(scratch)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        dynamo.updateTable(b -> b.tableName(scratch).streamSpecification(st -> st.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_IMAGE)));
        assertThat(dynamo.scan(b -> b.tableName(scratch).consistentRead(true)).items()).isEmpty();
        assertThat(dynamo.getItem(b -> b.tableName(scratch).key(Map.of("id", AttributeValue.fromS("x")))
                .consistentRead(true)).hasItem()).isFalse();
        dynamo.deleteTable(b -> b.tableName(scratch));
        dynamo.deleteBackup(b -> b.backupArn(arn));
    }

    /** The worker where create-if-missing is on: it creates (or finds) its two tables at start. */
    void workerCreatingItsTables(Keys keys) {
        try (DynamoDbClient own = aws.dynamoDb(keys)) {
            new DynamoDbLedger(own, LEDGER).ensureTable();
            new DynamoDbLegalHolds(own, HOLDS).ensureTable();
        }
    }

    /** The retention service: the hold table checked at start, a hold placed and released. */
    void retention(Keys keys) {
        try (DynamoDbClient own = aws.dynamoDb(keys)) {
            LegalHoldTable holds = new LegalHoldTable(own, HOLDS);
            holds.verifyTable();
            UUID dueId = UUID.randomUUID();
            Instant now = Instant.now();
            Optional<LegalHoldTable.Hold> before = holds.put(new LegalHoldTable.Hold(dueId, UUID.randomUUID(),
                    "arn:aws:dynamodb:us-east-1:" + IamEnforcedAws.SERVICE_ACCOUNT_ID + ":table/" + TABLE, now,
                    "auditor", "audit 2026", now));
            assertThat(before).isEmpty();
            assertThat(holds.remove(dueId)).isPresent();
        }
    }

    /** The retention service where create-if-missing is on: it creates (or finds) the hold table at start. */
    void retentionCreatingItsTable(Keys keys) {
        try (DynamoDbClient own = aws.dynamoDb(keys)) {
            new LegalHoldTable(own, HOLDS).ensureTable();
        }
    }

    private void inventory(Keys keys, String sessionName) {
        try (DynamoDbClient own = aws.dynamoDb(keys);
             AwsClients clients = new AwsClients(own, sessionName, ApiLimits.none())) {
            assertThat(clients.ownAccountId()).isEqualTo(IamEnforcedAws.SERVICE_ACCOUNT_ID);
            TableInventory inventory = new TableInventory(clients);
            for (AwsAccount account : accounts()) {
                String accountId = account == null ? IamEnforcedAws.SERVICE_ACCOUNT_ID : account.accountId();
                TableInventory.Snapshot snapshot = inventory.refresh(account, IamEnforcedAws.REGION);
                assertThat(snapshot.tables()).extracting(TableInventory.Table::name).contains(TABLE);
                assertThat(snapshot.tables()).filteredOn(table -> table.name().equals(TABLE))
                        .extracting(TableInventory.Table::arn, TableInventory.Table::tags)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("arn:aws:dynamodb:"
                                + IamEnforcedAws.REGION + ":" + accountId + ":table/" + TABLE,
                                java.util.Map.of("backup", "daily")));
            }
        }
    }

    /** As the worker does: CreateBackup, DescribeBackup until AVAILABLE, ListBackups to find it by name, DeleteBackup. */
    private static BackupDetails backUp(DynamoDbClient dynamo, UUID dueId) {
        String name = TABLE + "-" + dueId;
        BackupDetails created = dynamo.createBackup(b -> b.tableName(TABLE).backupName(name)).backupDetails();
        assertThat(dynamo.describeBackup(b -> b.backupArn(created.backupArn())).backupDescription().backupDetails()
                .backupStatus()).isEqualTo(BackupStatus.AVAILABLE);
        List<String> names = new ArrayList<>();
        dynamo.listBackups(b -> b.tableName(TABLE).backupType(BackupTypeFilter.USER)).backupSummaries().stream()
                .map(BackupSummary::backupName).forEach(names::add);
        assertThat(names).contains(name);
        dynamo.deleteBackup(b -> b.backupArn(created.backupArn()));
        return created;
    }

    private List<AwsAccount> accounts() {
        List<AwsAccount> accounts = new ArrayList<>();
        accounts.add(null);
        accounts.add(aws.targetAccount());
        return accounts;
    }
}
