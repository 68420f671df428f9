package io.gfsbackup.worker.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.contracts.messages.ArchiveRequested;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.PointArchived;
import io.gfsbackup.contracts.messages.RestoreEnded;
import io.gfsbackup.contracts.messages.RestoreOptions;
import io.gfsbackup.contracts.messages.RestoreProgressed;
import io.gfsbackup.contracts.messages.RestoreRequested;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Archive;
import io.gfsbackup.contracts.policy.ArchiveTarget;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.ArchiveDue;
import io.gfsbackup.deploy.infra.MotoServer;
import io.gfsbackup.deploy.testing.SharedInfrastructure;
import io.gfsbackup.worker.persistence.DynamoDbArchives;
import io.gfsbackup.worker.persistence.DynamoDbLedger;
import io.gfsbackup.worker.persistence.DynamoDbRestores;
import io.gfsbackup.worker.persistence.LedgerEntry;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.OtherAccount;
import io.gfsbackup.worker.support.Points;
import io.gfsbackup.worker.support.Tables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A point whose warm backup was moved to the archive is restored from its copy with ImportTable, through the same
 * restore request as any other point; a copy in GLACIER is first restored from S3. Against moto, whose import reads
 * the bucket of the importing account only (it ignores the bucket owner).
 */
class ArchiveRestoreTest {

    private static final Instant SLOT = Instant.parse("2026-01-05T07:00:00Z");

    private final MotoServer moto = SharedInfrastructure.moto();
    private final DynamoDbClient dynamo = Points.dynamo(moto, MotoServer.REGION).build();
    private final DynamoDbLedger ledger = new DynamoDbLedger(dynamo, Tables.uniqueName("ledger"));
    private final DynamoDbArchives archives = new DynamoDbArchives(dynamo, ledger.table());
    private final AwsClients clients = new AwsClients(dynamo, "test", ApiLimits.none());
    private final ArchiveCopy copies = new ArchiveCopy(clients, Duration.ofMillis(50), Duration.ofSeconds(20));
    private final PointArchiving archiving = new PointArchiving(ledger, archives, copies, dueId -> Optional.empty(),
            clients, Clock.systemUTC(), Clock.systemUTC(), "w1");
    private final WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());
    private final ClaimKeeper claims = new ClaimKeeper(ledger, Clock.systemUTC(), Duration.ofSeconds(5));
    private final BackupRestore restore = new BackupRestore(ledger, new DynamoDbRestores(dynamo, ledger.table()),
            clients, Clock.systemUTC(), new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20),
            Duration.ofMillis(1), Duration.ofSeconds(5), metrics), metrics, "w1", claims, new RestorePermits(5),
            Duration.ofMillis(20), Duration.ofMillis(10), Duration.ofSeconds(10)).withArchives(archives, copies);
    private final S3Client s3 = clients.s3(null, MotoServer.REGION);
    private final String bucket = Tables.uniqueName("gfs-archive").toLowerCase();
    private final UUID policyId = UUID.randomUUID();

    ArchiveRestoreTest() {
        ledger.ensureTable();
        s3.createBucket(b -> b.bucket(bucket));
    }

    @AfterEach
    void close() {
        claims.close();
        clients.close();
        dynamo.close();
    }

    @Test
    void aMovedPointIsRestoredFromItsCopyWithImportTable() {
        RestoreSource point = movedPoint(4, Archive.StorageClass.GLACIER_IR);
        List<RestoreProgressed> stages = new CopyOnWriteArrayList<>();
        restore.onProgress(stages::add);

        RestoreEnded ended = restore.handle(request(point, point.table().name() + "-back"));

        assertThat(ended.outcome()).as(ended.error()).isEqualTo(RestoreEnded.Outcome.COMPLETED);
        assertThat(stages).extracting(RestoreProgressed::stage).as("GLACIER_IR is read at once")
                .containsExactly(RestoreProgressed.Stage.IMPORTING);
        assertThat(ended.warnings().get(0)).startsWith("restored from the archive copy s3://" + bucket + "/");
        assertThat(dynamo.scan(b -> b.tableName(point.table().name() + "-back")).items()).hasSize(4)
                .allSatisfy(item -> assertThat(item.get("pk").s()).startsWith("k"));
    }

    @Test
    void aCopyInGlacierIsRestoredFromS3First() {
        RestoreSource point = movedPoint(2, Archive.StorageClass.GLACIER);
        PointArchived archived = (PointArchived) archiving.handle(request(point, Archive.StorageClass.GLACIER));
        String key = s3.listObjectsV2(b -> b.bucket(bucket).prefix(archived.location().prefix() + "data/"))
                .contents().get(0).key();
        assertThat(s3.headObject(b -> b.bucket(bucket).key(key)).restore()).as("not restored yet").isNull();
        List<RestoreProgressed> stages = new CopyOnWriteArrayList<>();
        restore.onProgress(stages::add);

        RestoreEnded ended = restore.handle(request(point, point.table().name() + "-thawed"));

        assertThat(ended.outcome()).as(ended.error()).isEqualTo(RestoreEnded.Outcome.COMPLETED);
        assertThat(stages).extracting(RestoreProgressed::stage).containsExactly(
                RestoreProgressed.Stage.RESTORING_FROM_S3, RestoreProgressed.Stage.IMPORTING);
        assertThat(stages.get(0).detail()).contains("is in GLACIER").contains(archived.location().uri());
        assertThat(stages.get(0).restoreId()).isEqualTo(ended.restoreId());
        assertThat(s3.headObject(b -> b.bucket(bucket).key(key)).restore()).contains("ongoing-request=\"false\"");
        assertThat(dynamo.scan(b -> b.tableName(point.table().name() + "-thawed")).items()).hasSize(2);
    }

    @Test
    void aPointWhoseBackupWasNeitherMovedNorKeptFailsAsBefore() {
        RestoreSource point = movedPoint(1, Archive.StorageClass.STANDARD);
        archives.record(archives.find(point.dueId()).orElseThrow().withPrefixDeleted(Instant.now()));

        RestoreEnded ended = restore.handle(request(point, point.table().name() + "-none"));

        assertThat(ended.outcome()).isEqualTo(RestoreEnded.Outcome.FAILED);
        assertThat(ended.error()).isEqualTo("the point is being deleted");
    }

    @Test
    void aMovedPointIsRestoredIntoAnotherRegionAndAWarmOneIsNot() {
        RestoreSource moved = movedPoint(3, Archive.StorageClass.STANDARD);
        RestoreSource warm = warmPoint(1);
        TableRef table = moved.table();
        String name = table.name() + "-abroad";

        RestoreEnded ended = restore.handle(RestoreRequested.of(UUID.randomUUID(), moved,
                Dues.table("eu-central-1", table.accountId(), name), RestoreOptions.NONE, "alice", Instant.now(),
                null));
        RestoreEnded refused = restore.handle(RestoreRequested.of(UUID.randomUUID(), warm,
                Dues.table("eu-central-1", table.accountId(), warm.table().name() + "-abroad"), RestoreOptions.NONE,
                "alice", Instant.now(), null));

        assertThat(ended.outcome()).as(ended.error()).isEqualTo(RestoreEnded.Outcome.COMPLETED);
        try (DynamoDbClient frankfurt = Points.dynamo(moto, "eu-central-1").build()) {
            assertThat(frankfurt.scan(b -> b.tableName(name)).items()).hasSize(3);
        }
        assertThat(refused.outcome()).isEqualTo(RestoreEnded.Outcome.FAILED);
        assertThat(refused.error()).startsWith("target: account " + table.accountId() + " and region eu-central-1"
                + " are not those of the source table");
        assertThat(ledger.startDeletion(warm.dueId(), Instant.now())).as("the refused restore's lease is released")
                .isEmpty();
    }

    @Test
    void aPointMovedToAnotherAccountsBucketIsRestoredIntoThatAccountAndNoThirdOne() {
        AwsAccount second = OtherAccount.SECOND;
        String theirs = Tables.uniqueName("gfs-vault").toLowerCase();
        clients.s3(second, MotoServer.REGION).createBucket(b -> b.bucket(theirs));
        RestoreSource point = Points.backedUp(dynamo, ledger, policyId, SLOT, "vaulted", 3);
        Archive archive = new Archive(Period.ofDays(30), Set.of(Tier.W), Archive.Mode.MOVE,
                Archive.StorageClass.STANDARD, new ArchiveTarget(theirs, "gfs", null, second.accountId(),
                second.roleArn(), second.externalId(), null));
        assertThat(((PointArchived) archiving.handle(ArchiveRequested.of(point, new ArchiveDue(point.slot(),
                SLOT.plus(Period.ofDays(30)), 1, archive)))).warmDeleted()).isTrue();
        String name = point.table().name() + "-recovered";

        RestoreEnded ended = restore.handle(RestoreRequested.of(UUID.randomUUID(), point,
                Dues.table(MotoServer.REGION, second.accountId(), name), RestoreOptions.NONE, "alice", Instant.now(),
                null));
        RestoreEnded refused = restore.handle(RestoreRequested.of(UUID.randomUUID(), point,
                Dues.table(MotoServer.REGION, "333333333333", name), RestoreOptions.NONE, "alice", Instant.now(),
                null));

        assertThat(ended.outcome()).as(ended.error()).isEqualTo(RestoreEnded.Outcome.COMPLETED);
        try (DynamoDbClient vault = OtherAccount.dynamoDb(dynamo, second)) {
            assertThat(vault.scan(b -> b.tableName(name)).items()).hasSize(3);
        }
        assertThat(dynamo.listTables().tableNames()).as("nothing made in the point's own account")
                .doesNotContain(name);
        assertThat(refused.outcome()).isEqualTo(RestoreEnded.Outcome.FAILED);
        assertThat(refused.error()).startsWith("target.accountId: 333333333333 is neither the point's account");
    }

    private RestoreSource warmPoint(int items) {
        return Points.backedUp(dynamo, ledger, policyId, SLOT, "warm", items);
    }

    /** A point with {@code items} items, archived in {@code storageClass} and moved (its warm backup deleted). */
    private RestoreSource movedPoint(int items, Archive.StorageClass storageClass) {
        RestoreSource point = Points.backedUp(dynamo, ledger, policyId, SLOT, "thawed", items);
        if (storageClass != Archive.StorageClass.GLACIER) {
            assertThat(((PointArchived) archiving.handle(request(point, storageClass))).warmDeleted()).isTrue();
        }
        return point;
    }

    private ArchiveRequested request(RestoreSource point, Archive.StorageClass storageClass) {
        Archive archive = new Archive(Period.ofDays(30), Set.of(Tier.W), Archive.Mode.MOVE, storageClass,
                new ArchiveTarget(bucket, "gfs", null, null, null, null, null));
        return ArchiveRequested.of(point, new ArchiveDue(point.slot(), SLOT.plus(Period.ofDays(30)), 1, archive));
    }

    private static RestoreRequested request(RestoreSource point, String target) {
        TableRef table = point.table();
        return RestoreRequested.of(UUID.randomUUID(), point, Dues.table(table.region(), table.accountId(), target),
                RestoreOptions.NONE, "alice", Instant.now(), null);
    }
}
