package io.gfsbackup.worker.service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.contracts.messages.RestoreProgressed;
import io.gfsbackup.aws.AwsOperation;
import io.gfsbackup.aws.AwsScope;
import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.retention.ArchiveLocation;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.ArchiveTarget;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.TableSelection;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.ExportStatus;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.InputCompressionType;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.S3SseAlgorithm;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Makes the archive copy of one restore point and deletes it again (retention-semantics section 8, docs/archive.md):
 * the point's backup is restored to a scratch table (a name no policy selects), point-in-time recovery is turned on
 * there (an export needs it), the scratch table is exported to S3 under the point's own prefix, each exported object
 * is copied onto itself in the archive's storage class (an export writes STANDARD), the table's description is
 * written beside it, the copy is verified, and the scratch table is dropped. The copy is made from the backup, not
 * from the source table, so {@code after} is not bounded by a recovery window.
 *
 * <p>A step that fails throws: the point stays warm and nothing is deleted; the caller reports it and tries again.
 * Doing it again is safe: an existing scratch table is reused, and what an earlier try that was not recorded (a worker
 * killed mid-copy) left under the point's prefix is deleted first, so that the copy holds one export.
 */
public final class ArchiveCopy {

    private static final Logger LOG = Logger.getLogger(ArchiveCopy.class);

    /** The file beside the data that says what the copy is and how to import it. */
    public static final String DESCRIPTION = "table-description.json";
    private static final DateTimeFormatter SLOT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final AwsClients clients;
    private final Duration pollInterval;
    private final Duration maxWait;

    public ArchiveCopy(AwsClients clients, Duration pollInterval, Duration maxWait) {
        this.clients = clients;
        this.pollInterval = pollInterval;
        this.maxWait = maxWait;
    }

    /**
     * One point to archive: the backup {@code backupArn} of {@code table} at {@code slot}, made in {@code account}
     * ({@code null}: the services' own), under {@code archive}; in a bucket with S3 Object Lock its copy is retained
     * until {@code retainUntil}, the earliest instant the point can expire ({@code null}: not retained).
     */
    public record Job(TableRef table, AwsAccount account, Instant slot, String backupArn, Archive archive,
                      Instant retainUntil) {
    }

    /** A verified copy: its location, the export, its objects and the items it holds. */
    public record Copy(ArchiveLocation location, String exportArn, List<String> keys, long itemCount,
                       Archive.StorageClass storageClass) {
    }

    /** The location of a point's copy: {@code <prefix>/<account>/<region>/<table>/<slot>/} in the target's bucket. */
    public static ArchiveLocation locationOf(TableRef table, Instant slot, ArchiveTarget target) {
        String base = target.prefix().isEmpty() ? "" : target.prefix() + "/";
        AwsAccount access = target.roleArn() == null ? null
                : new AwsAccount(target.accountId(), target.roleArn(), target.externalId());
        return new ArchiveLocation(target.bucket(), target.region() == null ? table.region() : target.region(),
                base + table.accountId() + "/" + table.region() + "/" + table.name() + "/" + SLOT.format(slot) + "/",
                access);
    }

    /** The scratch table a point's copy is restored to: reserved prefix, the table, the slot. */
    static String scratchName(TableRef table, Instant slot) {
        String name = TableSelection.RESERVED_PREFIX + "archive-" + SLOT.format(slot) + "-" + table.name();
        return name.length() <= 255 ? name : name.substring(0, 255);
    }

    /** Makes and verifies the copy of {@code job}'s point; throws when any step fails, leaving the point as it was. */
    public Copy copy(Job job) {
        ArchiveLocation location = locationOf(job.table(), job.slot(), job.archive().target());
        AwsScope scope = AwsScope.of(job.account(), job.table().region());
        DynamoDbClient dynamo = clients.dynamoDb(job.account(), job.table().region());
        String scratch = scratchName(job.table(), job.slot());
        TableDescription source = describeSource(dynamo, scope, job.table().name());
        TableDescription table = restoreScratch(dynamo, scope, scratch, job.backupArn());
        try {
            call(AwsOperation.UPDATE_CONTINUOUS_BACKUPS, scope, () -> dynamo.updateContinuousBackups(b -> b
                    .tableName(scratch).pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true))));
            int leftovers = 0;
            try {
                leftovers = delete(location);
            } catch (NoSuchBucketException missing) {
                // the export fails on it and says so
            }
            if (leftovers > 0) {
                LOG.infof("removed %d objects an unrecorded earlier try left under %s", leftovers, location.uri());
            }
            ExportDescription export = export(dynamo, scope, table.tableArn(), location, job.archive().target());
            S3Client s3 = clients.s3(location.access(), location.region());
            List<String> keys = dataKeys(s3, location);
            Archive.StorageClass storageClass = job.archive().storageClass();
            boolean versioned = isVersioned(s3, location.bucket());
            if (storageClass != Archive.StorageClass.STANDARD) {
                for (String key : keys) {
                    s3.copyObject(b -> b.sourceBucket(location.bucket()).sourceKey(key)
                            .destinationBucket(location.bucket()).destinationKey(key)
                            .storageClass(StorageClass.fromValue(storageClass.name())));
                    if (versioned) {
                        deleteVersions(s3, location.bucket(), key, false, false);
                    }
                }
            }
            s3.putObject(b -> b.bucket(location.bucket()).key(location.prefix() + DESCRIPTION)
                    .contentType("application/json"), RequestBody.fromString(
                    description(job, source, export, keys), StandardCharsets.UTF_8));
            verify(s3, location, keys, storageClass, export, table.itemCount());
            retain(s3, location, keys, job.retainUntil());
            return new Copy(location, export.exportArn(), List.copyOf(keys), export.itemCount(), storageClass);
        } finally {
            dropScratch(dynamo, scope, scratch);
        }
    }

    /**
     * Restores an archived point into a new table {@code target} with {@code ImportTable}, in the account and region of
     * {@code dynamo}, from the copy at {@code location}: the key schema, attributes, indexes and billing mode come from
     * the description beside it. Objects in {@code GLACIER} or {@code DEEP_ARCHIVE} are first restored from S3 for a
     * week (a retrieval of hours on AWS). Each stage is told to {@code progress} as it begins, with a detail. Returns
     * the import's description once it is COMPLETED; throws when it fails.
     */
    public ImportTableDescription importTo(ArchiveLocation location, String target, DynamoDbClient dynamo,
                                           AwsScope scope, BiConsumer<RestoreProgressed.Stage, String> progress) {
        S3Client s3 = clients.s3(location.access(), location.region());
        JsonNode description;
        try {
            description = Json.mapper().readTree(s3.getObjectAsBytes(b -> b.bucket(location.bucket())
                    .key(location.prefix() + DESCRIPTION)).asUtf8String());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the description of " + location.uri() + " is not JSON", e);
        }
        String storageClass = description.path("storageClass").asText("STANDARD");
        if (Archive.StorageClass.valueOf(storageClass).restoredBeforeRead()) {
            progress.accept(RestoreProgressed.Stage.RESTORING_FROM_S3, "the copy " + location.uri() + " is in "
                    + storageClass + ": its objects are restored from S3 first (standard retrieval: 3 to 5 hours in"
                    + " GLACIER, up to 12 in DEEP_ARCHIVE)");
            restoreFromS3(s3, location);
        }
        progress.accept(RestoreProgressed.Stage.IMPORTING, "ImportTable from " + location.uri() + "data/");
        ImportTableDescription started = call(AwsOperation.IMPORT_TABLE, scope, () -> dynamo.importTable(b -> b
                .s3BucketSource(source -> {
                    source.s3Bucket(location.bucket()).s3KeyPrefix(location.prefix() + "data/");
                    if (location.access() != null) {
                        source.s3BucketOwner(location.access().accountId());
                    }
                })
                .inputFormat(InputFormat.DYNAMODB_JSON).inputCompressionType(InputCompressionType.GZIP)
                .tableCreationParameters(table -> {
                    table.tableName(target)
                            .keySchema(keys(description.path("keySchema")))
                            .attributeDefinitions(attributes(description.path("attributeDefinitions")))
                            .billingMode(BillingMode.PAY_PER_REQUEST);
                    List<GlobalSecondaryIndex> indexes = indexes(description.path("globalSecondaryIndexes"));
                    if (!indexes.isEmpty()) {
                        table.globalSecondaryIndexes(indexes);
                    }
                })).importTableDescription());
        ImportTableDescription done = await("the import " + started.importArn() + " to end", () -> {
            ImportTableDescription now = call(AwsOperation.DESCRIBE_IMPORT, scope,
                    () -> dynamo.describeImport(b -> b.importArn(started.importArn())).importTableDescription());
            return now.importStatus() == ImportStatus.IN_PROGRESS ? null : now;
        });
        if (done.importStatus() != ImportStatus.COMPLETED) {
            throw new IllegalStateException("ImportTable from " + location.uri() + " ended " + done.importStatus()
                    + ": " + done.failureCode() + " " + done.failureMessage());
        }
        return done;
    }

    /** Restores the copy's objects from S3's archive classes and waits until every one is readable. */
    private void restoreFromS3(S3Client s3, ArchiveLocation location) {
        List<String> keys = dataKeys(s3, location);
        for (String key : keys) {
            try {
                s3.restoreObject(b -> b.bucket(location.bucket()).key(key).restoreRequest(r -> r.days(7)));
            } catch (S3Exception e) {
                if (e.statusCode() != 409) { // RestoreAlreadyInProgress
                    throw e;
                }
            }
        }
        await("the S3 restore of " + keys.size() + " objects under " + location.uri(), () -> keys.stream()
                .allMatch(key -> {
                    String restore = s3.headObject(b -> b.bucket(location.bucket()).key(key)).restore();
                    return restore != null && restore.contains("ongoing-request=\"false\"");
                }) ? Boolean.TRUE : null);
    }

    private static List<KeySchemaElement> keys(JsonNode keys) {
        List<KeySchemaElement> schema = new ArrayList<>();
        keys.forEach(key -> schema.add(KeySchemaElement.builder().attributeName(key.path("attributeName").asText())
                .keyType(key.path("keyType").asText()).build()));
        return schema;
    }

    private static List<AttributeDefinition> attributes(JsonNode attributes) {
        List<AttributeDefinition> definitions = new ArrayList<>();
        attributes.forEach(attribute -> definitions.add(AttributeDefinition.builder()
                .attributeName(attribute.path("attributeName").asText())
                .attributeType(attribute.path("attributeType").asText()).build()));
        return definitions;
    }

    private static List<GlobalSecondaryIndex> indexes(JsonNode indexes) {
        List<GlobalSecondaryIndex> list = new ArrayList<>();
        indexes.forEach(index -> list.add(GlobalSecondaryIndex.builder().indexName(index.path("indexName").asText())
                .keySchema(keys(index.path("keySchema")))
                .projection(p -> p.projectionType(index.path("projectionType").asText("ALL"))).build()));
        return list;
    }

    /**
     * In a bucket with S3 Object Lock, locks every object of the copy for as long as its point lives: retained until
     * {@code retainUntil}, the earliest instant the point can expire (in the bucket's default mode, else COMPLIANCE),
     * and under an S3 legal hold, which has no date and which only this worker lifts, when the point expires
     * ({@link #delete}); so a point that lives longer (keepAtLeast, a legal hold, a restore) keeps its copy locked.
     * Nothing in a bucket without Object Lock; no retention date for a time already past.
     */
    private static void retain(S3Client s3, ArchiveLocation location, List<String> keys, Instant retainUntil) {
        Optional<ObjectLockRetentionMode> mode = lockMode(s3, location.bucket());
        if (mode.isEmpty()) {
            return;
        }
        List<String> all = new ArrayList<>(keys);
        all.add(location.prefix() + DESCRIPTION);
        for (String key : all) {
            if (retainUntil != null && retainUntil.isAfter(Instant.now())) {
                s3.putObjectRetention(b -> b.bucket(location.bucket()).key(key)
                        .retention(r -> r.mode(mode.get()).retainUntilDate(retainUntil)));
            }
            s3.putObjectLegalHold(b -> b.bucket(location.bucket()).key(key)
                    .legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));
        }
    }

    /** The retention mode of {@code bucket}'s Object Lock (its default, else COMPLIANCE); empty: no Object Lock. */
    private static Optional<ObjectLockRetentionMode> lockMode(S3Client s3, String bucket) {
        ObjectLockConfiguration lock;
        try {
            lock = s3.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration();
        } catch (S3Exception none) {
            if (none.statusCode() == 404) {
                return Optional.empty();
            }
            throw none;
        }
        if (lock == null || lock.objectLockEnabled() != ObjectLockEnabled.ENABLED) {
            return Optional.empty();
        }
        return Optional.of(lock.rule() != null && lock.rule().defaultRetention() != null
                && lock.rule().defaultRetention().mode() != null
                ? ObjectLockRetentionMode.fromValue(lock.rule().defaultRetention().modeAsString())
                : ObjectLockRetentionMode.COMPLIANCE);
    }

    private static boolean isVersioned(S3Client s3, String bucket) {
        return s3.getBucketVersioning(b -> b.bucket(bucket)).status() == BucketVersioningStatus.ENABLED;
    }

    /**
     * Deletes the versions of {@code key} (and its delete markers): all of them, or all but the latest; first lifting
     * each one's legal hold when {@code releaseHolds}.
     */
    private static int deleteVersions(S3Client s3, String bucket, String key, boolean latestToo,
                                      boolean releaseHolds) {
        int deleted = 0;
        var versions = s3.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(key));
        for (var page : versions) {
            for (var version : page.versions()) {
                if (version.key().equals(key) && (latestToo || !Boolean.TRUE.equals(version.isLatest()))) {
                    if (releaseHolds) {
                        s3.putObjectLegalHold(b -> b.bucket(bucket).key(key).versionId(version.versionId())
                                .legalHold(h -> h.status(ObjectLockLegalHoldStatus.OFF)));
                    }
                    s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(version.versionId()));
                    deleted++;
                }
            }
            for (var marker : page.deleteMarkers()) {
                if (marker.key().equals(key)) {
                    s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(marker.versionId()));
                }
            }
        }
        return deleted;
    }

    /**
     * Deletes exactly the objects under {@code location}'s prefix and nothing else in the bucket (in a versioned
     * bucket, every version of them); returns how many objects. A prefix that is already empty is no error.
     */
    public int delete(ArchiveLocation location) {
        if (!location.prefix().endsWith("/") || location.prefix().length() < 2) {
            throw new IllegalArgumentException("refusing to delete under \"" + location.prefix()
                    + "\": not one point's prefix");
        }
        S3Client s3 = clients.s3(location.access(), location.region());
        List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(location.prefix()))
                .contents().stream().map(S3Object::key).toList();
        if (isVersioned(s3, location.bucket())) {
            boolean locked = lockMode(s3, location.bucket()).isPresent();
            for (String key : keys) {
                deleteVersions(s3, location.bucket(), key, true, locked);
            }
            return keys.size();
        }
        for (int from = 0; from < keys.size(); from += 1000) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
            var deleted = s3.deleteObjects(b -> b.bucket(location.bucket()).delete(d -> d.objects(batch).quiet(true)));
            if (deleted.hasErrors() && !deleted.errors().isEmpty()) {
                throw new IllegalStateException("could not delete " + deleted.errors().size() + " objects under "
                        + location.uri() + ": " + deleted.errors().get(0).code() + " "
                        + deleted.errors().get(0).message());
            }
        }
        return keys.size();
    }

    private TableDescription describeSource(DynamoDbClient dynamo, AwsScope scope, String name) {
        try {
            return call(AwsOperation.DESCRIBE_TABLE, scope, () -> dynamo.describeTable(b -> b.tableName(name)).table());
        } catch (ResourceNotFoundException gone) {
            return null;
        }
    }

    private TableDescription restoreScratch(DynamoDbClient dynamo, AwsScope scope, String scratch, String backupArn) {
        try {
            call(AwsOperation.RESTORE_TABLE_FROM_BACKUP, scope, () -> dynamo.restoreTableFromBackup(b -> b
                    .backupArn(backupArn).targetTableName(scratch)));
        } catch (TableAlreadyExistsException | ResourceInUseException exists) {
            // a try before this one restored it already (a worker killed mid-copy)
        }
        return await("the scratch table " + scratch + " to be ACTIVE", () -> {
            TableDescription table = call(AwsOperation.DESCRIBE_TABLE, scope,
                    () -> dynamo.describeTable(b -> b.tableName(scratch)).table());
            return table.tableStatus() == TableStatus.ACTIVE ? table : null;
        });
    }

    private ExportDescription export(DynamoDbClient dynamo, AwsScope scope, String tableArn, ArchiveLocation location,
                                     ArchiveTarget target) {
        ExportDescription started = call(AwsOperation.EXPORT_TABLE_TO_POINT_IN_TIME, scope,
                () -> dynamo.exportTableToPointInTime(b -> {
                    b.tableArn(tableArn).s3Bucket(location.bucket()).s3Prefix(location.prefix() + "data")
                            .exportFormat(ExportFormat.DYNAMODB_JSON);
                    if (target.accountId() != null) {
                        b.s3BucketOwner(target.accountId());
                    }
                    if (target.kmsKeyId() != null) {
                        b.s3SseAlgorithm(S3SseAlgorithm.KMS).s3SseKmsKeyId(target.kmsKeyId());
                    }
                }).exportDescription());
        ExportDescription done = await("the export " + started.exportArn() + " to end", () -> {
            ExportDescription export = call(AwsOperation.DESCRIBE_EXPORT, scope,
                    () -> dynamo.describeExport(b -> b.exportArn(started.exportArn())).exportDescription());
            return export.exportStatus() == ExportStatus.IN_PROGRESS ? null : export;
        });
        if (done.exportStatus() != ExportStatus.COMPLETED) {
            throw new IllegalStateException("the export to " + location.uri() + " failed: " + done.failureCode()
                    + " " + done.failureMessage());
        }
        return done;
    }

    private static List<String> dataKeys(S3Client s3, ArchiveLocation location) {
        return s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(location.prefix() + "data/"))
                .contents().stream().map(S3Object::key).sorted().toList();
    }

    /**
     * The copy holds data, every object is in the archive's class, the description is there, and the export counted
     * the items the scratch table holds.
     */
    private static void verify(S3Client s3, ArchiveLocation location, List<String> keys, Archive.StorageClass storageClass,
                               ExportDescription export, Long scratchItems) {
        if (keys.isEmpty()) {
            throw new IllegalStateException("the export to " + location.uri() + " wrote no data");
        }
        List<String> wrong = new ArrayList<>();
        for (String key : keys) {
            StorageClass actual = s3.headObject(b -> b.bucket(location.bucket()).key(key)).storageClass();
            String name = actual == null ? "STANDARD" : actual.toString();
            if (!name.equals(storageClass.name())) {
                wrong.add(key + " is " + name);
            }
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("not in " + storageClass + ": " + String.join(", ", wrong));
        }
        s3.headObject(b -> b.bucket(location.bucket()).key(location.prefix() + DESCRIPTION));
        if (scratchItems != null && export.itemCount() != null && !export.itemCount().equals(scratchItems)) {
            throw new IllegalStateException("the export to " + location.uri() + " holds " + export.itemCount()
                    + " items, the restored backup " + scratchItems);
        }
    }

    /** What {@code ImportTable} needs to rebuild the table, and what the copy is. */
    private static String description(Job job, TableDescription source, ExportDescription export, List<String> keys) {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("table", job.table().arn());
        json.put("slot", job.slot().toString());
        json.put("backupArn", job.backupArn());
        json.put("exportArn", export.exportArn());
        json.put("exportFormat", "DYNAMODB_JSON");
        json.put("itemCount", export.itemCount());
        json.put("storageClass", job.archive().storageClass().name());
        ArrayNode data = json.putArray("data");
        keys.forEach(data::add);
        if (source != null) {
            json.set("keySchema", Json.mapper().valueToTree(source.keySchema().stream()
                    .map(k -> Map.of("attributeName", k.attributeName(), "keyType", k.keyTypeAsString())).toList()));
            json.set("attributeDefinitions", Json.mapper().valueToTree(source.attributeDefinitions().stream()
                    .map(a -> Map.of("attributeName", a.attributeName(), "attributeType", a.attributeTypeAsString()))
                    .toList()));
            json.set("globalSecondaryIndexes", Json.mapper().valueToTree(source.globalSecondaryIndexes().stream()
                    .map(i -> Map.of("indexName", i.indexName(), "keySchema", i.keySchema().stream()
                            .map(k -> Map.of("attributeName", k.attributeName(), "keyType", k.keyTypeAsString()))
                            .toList(), "projectionType", i.projection().projectionTypeAsString())).toList()));
            if (source.billingModeSummary() != null) {
                json.put("billingMode", source.billingModeSummary().billingModeAsString());
            }
            if (source.sseDescription() != null) {
                json.put("sseType", source.sseDescription().sseTypeAsString());
            }
        }
        return json.toString();
    }

    private void dropScratch(DynamoDbClient dynamo, AwsScope scope, String scratch) {
        await("the scratch table " + scratch + " to be dropped", () -> {
            try {
                call(AwsOperation.DELETE_TABLE, scope, () -> dynamo.deleteTable(b -> b.tableName(scratch)));
                return Boolean.TRUE;
            } catch (ResourceNotFoundException gone) {
                return Boolean.TRUE;
            } catch (ResourceInUseException changing) {
                return null;
            }
        });
    }

    private <T> T call(AwsOperation operation, AwsScope scope, Supplier<T> call) {
        return clients.limits().call(operation, scope, call);
    }

    /** Polls {@code step} until it gives a value, at most {@code maxWait}. */
    private <T> T await(String what, Supplier<T> step) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            T value = step.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + maxWait);
            }
            try {
                Thread.sleep(Math.max(1, pollInterval.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
