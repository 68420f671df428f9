package io.gfsbackup.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.contracts.messages.ArchiveFailed;
import io.gfsbackup.contracts.messages.ArchiveRequested;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.PointArchived;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.ArchiveTarget;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.ArchiveDue;
import io.gfsbackup.deploy.infra.MotoServer;
import io.gfsbackup.deploy.testing.SharedInfrastructure;
import io.gfsbackup.worker.persistence.DynamoDbArchives;
import io.gfsbackup.worker.persistence.DynamoDbLedger;
import io.gfsbackup.worker.persistence.LedgerEntry;
import io.gfsbackup.worker.persistence.LegalHolds;
import io.gfsbackup.worker.persistence.PointLease;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.Points;
import io.gfsbackup.worker.support.MutableClock;
import io.gfsbackup.worker.support.Tables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link PointArchiving} and the archive part of {@link BackupDeletion} against moto, with the ledger the worker
 * uses: a moved point's warm backup goes once its copy is verified; a repeated request re-publishes the same outcome;
 * a held point keeps its warm backup; a failed copy is reported and leaves the point as it was; at expiry exactly the
 * point's prefix goes with it.
 */
class PointArchivingTest {

    private static final Instant SLOT = Instant.parse("2026-01-05T07:00:00Z");

    private final MotoServer moto = SharedInfrastructure.moto();
    private final DynamoDbClient dynamo = Points.dynamo(moto, MotoServer.REGION).build();
    private final DynamoDbLedger ledger = new DynamoDbLedger(dynamo, Tables.uniqueName("ledger"));
    private final DynamoDbArchives archives = new DynamoDbArchives(dynamo, ledger.table());
    private final AwsClients clients = new AwsClients(dynamo, "test", ApiLimits.none());
    private final ArchiveCopy copies = new ArchiveCopy(clients, Duration.ofMillis(50), Duration.ofSeconds(20));
    private final Map<UUID, LegalHolds.Hold> holds = new ConcurrentHashMap<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-04T07:00:10Z"));
    private final PointArchiving archiving = new PointArchiving(ledger, archives, copies,
            dueId -> Optional.ofNullable(holds.get(dueId)), clients, clock, Clock.systemUTC(), "w1");
    private final S3Client s3 = clients.s3(null, MotoServer.REGION);
    private final String bucket = Tables.uniqueName("gfs-archive").toLowerCase();
    private final UUID policyId = UUID.randomUUID();

    PointArchivingTest() {
        ledger.ensureTable();
        s3.createBucket(b -> b.bucket(bucket));
    }

    @AfterEach
    void close() {
        clients.close();
        dynamo.close();
    }

    @Test
    void aMovedPointLosesItsWarmBackupOnceTheCopyIsMadeAndARepeatedRequestGetsTheSameOutcome() {
        RestoreSource point = point(3);
        ArchiveRequested request = request(point, Archive.Mode.MOVE, bucket, 1);

        PointArchived archived = (PointArchived) archiving.handle(request);

        assertThat(archived.warmDeleted()).isTrue();
        assertThat(archived.itemCount()).isEqualTo(3);
        assertThat(archived.location().uri()).startsWith("s3://" + bucket + "/gfs/");
        assertThatThrownBy(() -> dynamo.describeBackup(b -> b.backupArn(point.backupArn())))
                .isInstanceOf(BackupNotFoundException.class);
        clock.advance(Duration.ofHours(1));
        assertThat(archiving.handle(request(point, Archive.Mode.MOVE, bucket, 2))).isEqualTo(archived);
        assertThat(ledger.addRestoreLease(point.dueId(), UUID.randomUUID(), Instant.now().plusSeconds(60)))
                .as("no restore of a moved backup begins").isEqualTo(PointLease.DELETION_STARTED);
    }

    @Test
    void aLaterAttemptTakesOverTheLeaseAndScratchTableOfOneWhoseWorkerWasKilled() {
        RestoreSource point = point(2);
        ArchiveRequested killed = request(point, Archive.Mode.MOVE, bucket, 1);
        ledger.addRestoreLease(point.dueId(), PointArchiving.leaseId(killed), Instant.now().plusSeconds(3600));
        dynamo.restoreTableFromBackup(b -> b.backupArn(point.backupArn())
                .targetTableName(ArchiveCopy.scratchName(point.table(), point.slot())));

        PointArchived archived = (PointArchived) archiving.handle(request(point, Archive.Mode.MOVE, bucket, 2));

        assertThat(archived.warmDeleted()).as("the killed attempt's lease is no restore").isTrue();
        assertThat(archived.itemCount()).isEqualTo(2);
        assertThat(dynamo.listTables().tableNames()).as("the scratch table is dropped")
                .doesNotContain(ArchiveCopy.scratchName(point.table(), point.slot()));
    }

    @Test
    void aCopiedPointAndAHeldMovedPointKeepTheirWarmBackups() {
        RestoreSource copied = point(1);
        RestoreSource held = point(1);
        holds.put(held.dueId(), new LegalHolds.Hold(held.dueId(), "alice", "2026-02-01T00:00:00Z", "litigation 42"));

        PointArchived copy = (PointArchived) archiving.handle(request(copied, Archive.Mode.COPY, bucket, 1));
        PointArchived kept = (PointArchived) archiving.handle(request(held, Archive.Mode.MOVE, bucket, 1));

        assertThat(copy.warmDeleted()).isFalse();
        assertThat(kept.warmDeleted()).isFalse();
        for (RestoreSource point : new RestoreSource[] {copied, held}) {
            assertThat(dynamo.describeBackup(b -> b.backupArn(point.backupArn())).backupDescription()).isNotNull();
        }
    }

    @Test
    void aFailedCopyIsReportedWithItsAttemptAndLeavesThePointAsItWas() {
        RestoreSource point = point(2);

        Message outcome = archiving.handle(request(point, Archive.Mode.MOVE, bucket + "-missing", 3));

        assertThat(outcome).isInstanceOfSatisfying(ArchiveFailed.class, failed -> {
            assertThat(failed.attempt()).isEqualTo(3);
            assertThat(failed.id()).isEqualTo(ArchiveFailed.idOf(point, 3));
            assertThat(failed.error()).contains("failed");
        });
        assertThat(dynamo.describeBackup(b -> b.backupArn(point.backupArn())).backupDescription()).isNotNull();
        assertThat(archives.find(point.dueId())).isEmpty();
        assertThat(ledger.startDeletion(point.dueId(), Instant.now())).as("the copy's lease is released").isEmpty();
    }

    @Test
    void aPointThisSystemDidNotBackUpIsNotCopied() {
        TableRef table = Tables.create(dynamo, Tables.uniqueName("foreign"));
        RestoreSource foreign = new RestoreSource(policyId, table, SLOT, "arn:aws:dynamodb:us-east-1:123456789012:"
                + "table/" + table.name() + "/backup/01");

        assertThat(archiving.handle(request(foreign, Archive.Mode.MOVE, bucket, 1)))
                .isInstanceOfSatisfying(ArchiveFailed.class, failed ->
                        assertThat(failed.error()).isEqualTo("this system has no backup of that point"));
    }

    @Test
    void atExpiryAMovedPointsPrefixIsDeletedAndNothingElse() {
        RestoreSource moved = point(2);
        RestoreSource other = point(1);
        PointArchived first = (PointArchived) archiving.handle(request(moved, Archive.Mode.MOVE, bucket, 1));
        PointArchived second = (PointArchived) archiving.handle(request(other, Archive.Mode.COPY, bucket, 1));
        BackupDeletion deletion = new BackupDeletion(ledger, clients, clock, new TableLocks(),
                new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(1), Duration.ofSeconds(5),
                        new WorkerMetrics(new SimpleMeterRegistry())), new WorkerMetrics(new SimpleMeterRegistry()),
                dueId -> Optional.ofNullable(holds.get(dueId)), Duration.ofMillis(300)).withArchives(archives, copies);
        clock.set(SLOT.plus(Duration.ofDays(28)));

        BackupDeleted deleted = deletion.handle(Dues.expired(policyId, moved.table(), SLOT, moved.backupArn(),
                moved.table().name() + "-point", clock.instant()));

        assertThat(deleted.alreadyGone()).as("the move deleted it; expiry did not call DeleteBackup").isFalse();
        assertThat(keysUnder(first.location().prefix())).isEmpty();
        assertThat(keysUnder(second.location().prefix())).isNotEmpty();
        assertThat(archives.find(moved.dueId()).orElseThrow().prefixDeletedAt()).isEqualTo(clock.instant());
        assertThat(deletion.handle(Dues.expired(policyId, moved.table(), SLOT, moved.backupArn(),
                moved.table().name() + "-point", clock.instant()))).as("repeated").isEqualTo(deleted);
    }

    private java.util.List<String> keysUnder(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
    }

    /** A table with {@code items} items and a backup of it that the ledger records as this system's point. */
    private RestoreSource point(int items) {
        return Points.backedUp(dynamo, ledger, policyId, SLOT, "archived", items);
    }

    private static ArchiveRequested request(RestoreSource point, Archive.Mode mode, String bucket, int attempt) {
        Archive archive = new Archive(Period.ofDays(30), Set.of(Tier.W), mode, Archive.StorageClass.STANDARD,
                new ArchiveTarget(bucket, "gfs", null, null, null, null, null));
        return ArchiveRequested.of(point, new ArchiveDue(point.slot(), SLOT.plus(Period.ofDays(30)), attempt, archive));
    }
}
