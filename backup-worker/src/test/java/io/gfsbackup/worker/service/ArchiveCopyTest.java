package io.gfsbackup.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.ArchiveTarget;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.TableSelection;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.deploy.infra.MotoServer;
import io.gfsbackup.deploy.testing.SharedInfrastructure;
import io.gfsbackup.worker.support.OtherAccount;
import io.gfsbackup.worker.support.Points;
import io.gfsbackup.worker.support.Tables;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ArchiveCopy} against moto: a point's copy is made from its backup (not from the table as it is now), in the
 * archive's storage class, under its own prefix, with the table's description beside it, in the bucket's account;
 * the scratch table is gone afterwards; a failed copy leaves the backup; deleting a copy deletes its prefix and
 * nothing else. moto writes an export as one data file without manifests and ignores the export time.
 */
class ArchiveCopyTest {

    private static final Instant SLOT = Instant.parse("2026-01-05T07:00:00Z");

    private final MotoServer moto = SharedInfrastructure.moto();
    private final DynamoDbClient dynamo = Points.dynamo(moto, MotoServer.REGION).build();
    private final AwsClients clients = new AwsClients(dynamo, "test", ApiLimits.none());
    private final ArchiveCopy archive = new ArchiveCopy(clients, Duration.ofMillis(50), Duration.ofSeconds(20));

    @AfterEach
    void close() {
        clients.close();
        dynamo.close();
    }

    @Test
    void aPointIsCopiedFromItsBackupInTheStorageClassUnderItsOwnPrefixAndTheScratchTableIsGone() {
        S3Client s3 = clients.s3(null, MotoServer.REGION);
        String bucket = bucket(s3);
        Point point = point(5);
        Tables.putItem(dynamo, point.table().name(), "written-after-the-backup", "x");

        ArchiveCopy.Copy copy = archive.copy(job(point, target(bucket, null), Archive.StorageClass.GLACIER_IR));

        assertThat(copy.location().prefix()).isEqualTo("gfs/" + point.table().accountId() + "/us-east-1/"
                + point.table().name() + "/20260105T070000Z/");
        assertThat(copy.keys()).isNotEmpty().allSatisfy(key -> {
            assertThat(key).startsWith(copy.location().prefix() + "data/");
            assertThat(s3.headObject(b -> b.bucket(bucket).key(key)).storageClassAsString()).isEqualTo("GLACIER_IR");
        });
        assertThat(items(s3, bucket, copy.keys())).as("the backup's items, not the table's now").hasSize(5)
                .noneMatch(line -> line.contains("written-after-the-backup"));
        assertThat(copy.itemCount()).isEqualTo(5);
        JsonNode description = description(s3, bucket, copy.location());
        assertThat(description.get("backupArn").asText()).isEqualTo(point.backupArn());
        assertThat(description.get("keySchema").get(0).get("attributeName").asText()).isEqualTo("pk");
        assertThat(description.get("storageClass").asText()).isEqualTo("GLACIER_IR");
        assertThat(dynamo.listTables().tableNames()).noneMatch(name ->
                name.startsWith(TableSelection.RESERVED_PREFIX) && name.endsWith(point.table().name()));
    }

    @Test
    void aCopyForABucketOfAnotherAccountIsWrittenThereThroughItsRole() {
        AwsAccount second = OtherAccount.SECOND;
        S3Client there = clients.s3(second, MotoServer.REGION);
        String bucket = bucket(there);
        Point point = point(3);

        ArchiveCopy.Copy copy = archive.copy(job(point, target(bucket, second), Archive.StorageClass.STANDARD));

        assertThat(copy.location().access()).isEqualTo(second);
        assertThat(there.listObjectsV2(b -> b.bucket(bucket).prefix(copy.location().prefix())).contents())
                .extracting(S3Object::key).contains(copy.location().prefix() + ArchiveCopy.DESCRIPTION)
                .containsAll(copy.keys());
        assertThat(items(there, bucket, copy.keys())).hasSize(3);
    }

    @Test
    void aCopyAfterAnUnrecordedTryHoldsOneExport() {
        S3Client s3 = clients.s3(null, MotoServer.REGION);
        String bucket = bucket(s3);
        Point point = point(3);
        ArchiveCopy.Copy first = archive.copy(job(point, target(bucket, null), Archive.StorageClass.STANDARD));
        String stray = first.location().prefix() + "data/AWSDynamoDB/01700000000000-dead/data/stray.json.gz";
        s3.putObject(b -> b.bucket(bucket).key(stray), software.amazon.awssdk.core.sync.RequestBody.fromString("x"));

        ArchiveCopy.Copy again = archive.copy(job(point, target(bucket, null), Archive.StorageClass.STANDARD));

        assertThat(keys(s3, bucket)).as("the second try's export and description only")
                .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(again.keys().stream(),
                        java.util.stream.Stream.of(again.location().prefix() + ArchiveCopy.DESCRIPTION)).toList());
        assertThat(items(s3, bucket, again.keys())).hasSize(3);
    }

    @Test
    void aFailedCopyLeavesTheBackupAndNoScratchTable() {
        Point point = point(2);

        assertThatThrownBy(() -> archive.copy(job(point, target("no-such-bucket-" + point.table().name()
                .toLowerCase(), null), Archive.StorageClass.GLACIER_IR)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("failed");

        assertThat(dynamo.describeBackup(b -> b.backupArn(point.backupArn())).backupDescription()
                .backupDetails().backupStatusAsString()).isEqualTo("AVAILABLE");
        assertThat(dynamo.listTables().tableNames()).noneMatch(name ->
                name.startsWith(TableSelection.RESERVED_PREFIX) && name.endsWith(point.table().name()));
    }

    @Test
    void deletingACopyDeletesExactlyItsPrefix() {
        S3Client s3 = clients.s3(null, MotoServer.REGION);
        String bucket = bucket(s3);
        Point point = point(2);
        ArchiveCopy.Copy first = archive.copy(job(point, target(bucket, null), Archive.StorageClass.STANDARD));
        Point other = point(1);
        ArchiveCopy.Copy second = archive.copy(job(other, target(bucket, null), Archive.StorageClass.STANDARD));
        String sibling = first.location().prefix().replace("/20260105T070000Z/", "/20260105T070000Z-other/")
                + "keep.txt";
        s3.putObject(b -> b.bucket(bucket).key(sibling), software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
        List<String> before = keys(s3, bucket);

        int deleted = archive.delete(first.location());

        assertThat(deleted).isEqualTo(first.keys().size() + 1);
        assertThat(keys(s3, bucket)).containsExactlyInAnyOrderElementsOf(before.stream()
                .filter(key -> !key.startsWith(first.location().prefix())).toList())
                .contains(sibling).containsAll(second.keys());
        assertThat(archive.delete(first.location())).as("again: nothing left").isZero();
    }

    @Test
    void inABucketWithObjectLockEachCopyIsRetainedUntilItsPointCanExpireAndKeepsOneVersionPerObject() {
        S3Client s3 = clients.s3(null, MotoServer.REGION);
        String bucket = Tables.uniqueName("gfs-locked").toLowerCase();
        s3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
        Point retained = point(2);
        Point free = point(1);
        Instant until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        ArchiveCopy.Copy locked = archive.copy(new ArchiveCopy.Job(retained.table(), null, SLOT,
                retained.backupArn(), archiveIn(bucket, Archive.StorageClass.GLACIER_IR), until));
        ArchiveCopy.Copy unlocked = archive.copy(new ArchiveCopy.Job(free.table(), null, SLOT, free.backupArn(),
                archiveIn(bucket, Archive.StorageClass.GLACIER_IR), null));

        assertThat(locked.keys()).allSatisfy(key -> {
            var head = s3.headObject(b -> b.bucket(bucket).key(key));
            assertThat(head.objectLockRetainUntilDate()).isEqualTo(until);
            assertThat(head.objectLockModeAsString()).isEqualTo("COMPLIANCE");
            assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix(key)).versions())
                    .as("the export's STANDARD version is gone").hasSize(1);
        });
        assertThatThrownBy(() -> archive.delete(locked.location())).as("retained").isInstanceOf(
                software.amazon.awssdk.services.s3.model.S3Exception.class);
        archive.delete(unlocked.location());
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix(unlocked.location().prefix())).versions())
                .as("every version of the unlocked copy").isEmpty();
    }

    @Test
    void aCopyStaysLockedPastItsRetentionDateUntilItsPointExpires() throws InterruptedException {
        S3Client s3 = clients.s3(null, MotoServer.REGION);
        String bucket = Tables.uniqueName("gfs-held").toLowerCase();
        s3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true));
        Point point = point(2);
        Instant earliestExpiry = Instant.now().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ArchiveCopy.Copy copy = archive.copy(new ArchiveCopy.Job(point.table(), null, SLOT, point.backupArn(),
                archiveIn(bucket, Archive.StorageClass.STANDARD), earliestExpiry));
        String key = copy.keys().get(0);
        assertThat(s3.getObjectLegalHold(b -> b.bucket(bucket).key(key)).legalHold().statusAsString())
                .isEqualTo("ON");
        Thread.sleep(Duration.between(Instant.now(), earliestExpiry).plusMillis(1500).toMillis());

        String version = s3.listObjectVersions(b -> b.bucket(bucket).prefix(key)).versions().get(0).versionId();
        assertThatThrownBy(() -> s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(version)))
                .as("the point outlived its earliest expiry: its copy is still locked")
                .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
        archive.delete(copy.location());

        assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix(copy.location().prefix())).versions())
                .as("at the point's expiry every version goes").isEmpty();
    }

    private static Archive archiveIn(String bucket, Archive.StorageClass storageClass) {
        return new Archive(Period.ofDays(30), Set.of(Tier.M), Archive.Mode.MOVE, storageClass,
                new ArchiveTarget(bucket, "gfs", null, null, null, null, null));
    }

    private record Point(TableRef table, String backupArn) {
    }

    private Point point(int items) {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("archived"));
        for (int i = 0; i < items; i++) {
            Tables.putItem(dynamo, table.name(), "k" + i, "v" + i);
        }
        String arn = dynamo.createBackup(b -> b.tableName(table.name()).backupName(table.name() + "-point"))
                .backupDetails().backupArn();
        return new Point(table, arn);
    }

    private static ArchiveCopy.Job job(Point point, ArchiveTarget target, Archive.StorageClass storageClass) {
        return new ArchiveCopy.Job(point.table(), null, SLOT, point.backupArn(),
                new Archive(Period.ofDays(30), Set.of(Tier.M), Archive.Mode.MOVE, storageClass, target), null);
    }

    private static ArchiveTarget target(String bucket, AwsAccount account) {
        return account == null ? new ArchiveTarget(bucket, "gfs", null, null, null, null, null)
                : new ArchiveTarget(bucket, "gfs", null, account.accountId(), account.roleArn(), account.externalId(),
                null);
    }

    private static String bucket(S3Client s3) {
        String bucket = Tables.uniqueName("gfs-archive").toLowerCase();
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    private static List<String> keys(S3Client s3, String bucket) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    private static List<String> items(S3Client s3, String bucket, List<String> keys) {
        return keys.stream().flatMap(key -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    s3.getObject(b -> b.bucket(bucket).key(key))), StandardCharsets.UTF_8))) {
                return lines.lines().filter(line -> !line.isBlank()).toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static JsonNode description(S3Client s3, String bucket, io.gfsbackup.contracts.retention.ArchiveLocation location) {
        try {
            return Json.mapper().readTree(s3.getObjectAsBytes(b -> b.bucket(bucket)
                    .key(location.prefix() + ArchiveCopy.DESCRIPTION)).asUtf8String());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
