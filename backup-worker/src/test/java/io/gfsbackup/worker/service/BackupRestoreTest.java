package io.gfsbackup.worker.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.RestoreEnded;
import io.gfsbackup.contracts.messages.RestoreOptions;
import io.gfsbackup.contracts.messages.RestoreRequested;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.RestoreTestRun;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.RestoreValidation;
import io.gfsbackup.contracts.policy.TableSelection;
import io.gfsbackup.deploy.infra.MotoServer;
import io.gfsbackup.deploy.testing.SharedInfrastructure;
import io.gfsbackup.worker.persistence.DynamoDbLedger;
import io.gfsbackup.worker.persistence.DynamoDbRestores;
import io.gfsbackup.worker.persistence.LedgerEntry;
import io.gfsbackup.worker.persistence.RestoreRecord;
import io.gfsbackup.worker.support.Dues;
import io.gfsbackup.worker.support.Points;
import io.gfsbackup.worker.support.Tables;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * {@link BackupRestore} against moto, through a client whose interceptor sees every request: what moto cannot show
 * (it ignores the overrides, enforces no limit, and gives a backup's exact item count where DynamoDB gives an
 * approximation) is shown on the requests the worker sends and on answers the interceptor changes.
 */
class BackupRestoreTest {

    private static final Instant SLOT = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

    private final Faults faults = new Faults();
    private final MotoServer moto = SharedInfrastructure.moto();
    private final DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(moto.endpoint())
            .region(Region.of(MotoServer.REGION)).httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID,
                    MotoServer.SECRET_ACCESS_KEY)))
            .overrideConfiguration(c -> c.addExecutionInterceptor(faults)).build();
    private final DynamoDbLedger ledger = new DynamoDbLedger(dynamo, Tables.uniqueName("ledger"));
    private final WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());
    private final ClaimKeeper claims = new ClaimKeeper(ledger, Clock.systemUTC(), Duration.ofSeconds(5));
    private final UUID policyId = UUID.randomUUID();

    BackupRestoreTest() {
        ledger.ensureTable();
    }

    @AfterEach
    void close() {
        claims.close();
        dynamo.close();
    }

    private BackupRestore restore(int concurrentRestores) {
        RetryPolicy retry = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(1),
                Duration.ofSeconds(5), metrics);
        return new BackupRestore(ledger, new DynamoDbRestores(dynamo, ledger.table()),
                new AwsClients(dynamo, "test", ApiLimits.none()), Clock.systemUTC(), retry, metrics, "w1", claims,
                new RestorePermits(concurrentRestores), Duration.ofMillis(20), Duration.ofMillis(10),
                Duration.ofSeconds(10));
    }

    /** A table with {@code items} items and a backup of it that the ledger records as this system's point. */
    private RestoreSource point(int items) {
        return Points.backedUp(dynamo, ledger, policyId, SLOT, "source", items);
    }

    private static RestoreRequested request(RestoreSource source, String target, RestoreOptions options,
                                            RestoreTestRun test) {
        TableRef table = source.table();
        return RestoreRequested.of(UUID.randomUUID(), source, Dues.table(table.region(), table.accountId(), target),
                options, "alice", Instant.now(), test);
    }

    @Test
    void withOneConcurrentRestoreAllowedRestoresQueueNeverOverlapAndAllComplete() throws Exception {
        BackupRestore restore = restore(1);
        faults.restoreCallTakes = Duration.ofMillis(150);
        List<RestoreRequested> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RestoreSource source = point(1);
            requests.add(request(source, source.table().name() + "-queued", RestoreOptions.NONE, null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<RestoreEnded>> running = new ArrayList<>();
        for (RestoreRequested request : requests) {
            running.add(pool.submit(() -> restore.handle(request)));
        }
        List<RestoreEnded> ended = new ArrayList<>();
        for (Future<RestoreEnded> each : running) {
            ended.add(each.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(ended).extracting(RestoreEnded::outcome).containsOnly(RestoreEnded.Outcome.COMPLETED);
        assertThat(faults.restoreCalls).hasSize(3);
        assertThat(faults.mostRestoringAtOnce.get()).as("restores between their call and ACTIVE at once").isEqualTo(1);
    }

    @Test
    void aLimitExceededFromDynamoDbIsRetriedAndTheRestoreCompletes() {
        RestoreSource source = point(2);
        faults.limitExceeded.set(2);

        RestoreEnded ended = restore(5).handle(request(source, source.table().name() + "-later", RestoreOptions.NONE,
                null));

        assertThat(ended.outcome()).isEqualTo(RestoreEnded.Outcome.COMPLETED);
        assertThat(faults.restoreCalls).hasSize(3);
        assertThat(dynamo.scan(b -> b.tableName(source.table().name() + "-later")).items()).hasSize(2);
    }

    @Test
    void theBillingCapacityAndCustomerManagedKeyOverridesAreOnTheRequestTheWorkerSends() {
        RestoreSource source = point(1);
        RestoreOptions options = new RestoreOptions(RestoreOptions.BillingMode.PROVISIONED, 5L, 7L,
                RestoreOptions.Encryption.CUSTOMER_MANAGED, "arn:aws:kms:us-east-1:123456789012:key/k-1", null, null);

        RestoreEnded ended = restore(5).handle(request(source, source.table().name() + "-overridden", options, null));

        assertThat(ended.outcome()).isEqualTo(RestoreEnded.Outcome.COMPLETED);
        assertThat(faults.restoreCalls).singleElement().satisfies(sent -> {
            assertThat(sent.backupArn()).isEqualTo(source.backupArn());
            assertThat(sent.billingModeOverride()).isEqualTo(BillingMode.PROVISIONED);
            assertThat(sent.provisionedThroughputOverride().readCapacityUnits()).isEqualTo(5L);
            assertThat(sent.provisionedThroughputOverride().writeCapacityUnits()).isEqualTo(7L);
            assertThat(sent.sseSpecificationOverride().enabled()).isTrue();
            assertThat(sent.sseSpecificationOverride().sseType()).isEqualTo(SSEType.KMS);
            assertThat(sent.sseSpecificationOverride().kmsMasterKeyId())
                    .isEqualTo("arn:aws:kms:us-east-1:123456789012:key/k-1");
        });
    }

    @Test
    void aRestoreTestWhoseScanDisagreesWithTheBackupsItemCountFailsWithTheValidationDetailAndIsDropped() {
        RestoreSource source = point(5);
        faults.backupItemCount = 20L; // DynamoDB's count of a backup is an approximation, updated every six hours
        String scratch = TableSelection.RESERVED_PREFIX + source.table().name();
        RestoreTestRun test = new RestoreTestRun(policyId, 3, SLOT, 7L, new RestoreValidation(0.1, 3), Duration.ZERO);

        RestoreEnded ended = restore(5).handle(request(source, scratch, RestoreOptions.NONE, test));

        assertThat(ended.outcome()).isEqualTo(RestoreEnded.Outcome.FAILED);
        assertThat(ended.activeAt()).isNotNull();
        assertThat(ended.error()).startsWith("validation failed: ").contains("counted 5 items")
                .contains("item count is 20").contains("outside the tolerance of 10%: at most 2 apart");
        assertThat(ended.validation()).satisfies(v -> {
            assertThat(v.passed()).isFalse();
            assertThat(v.scannedItems()).isEqualTo(5);
            assertThat(v.expectedItems()).isEqualTo(20);
            assertThat(v.readBack()).isEqualTo(3);
        });
        assertThatThrownBy(() -> dynamo.describeTable(b -> b.tableName(scratch)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aRestoreOfAPointWhoseDeletionHasStartedFailsAtOnceWithoutCallingRestore() {
        RestoreSource source = point(1);
        assertThat(ledger.startDeletion(source.dueId(), Instant.now())).isEmpty();

        RestoreEnded ended = restore(5).handle(request(source, source.table().name() + "-too-late",
                RestoreOptions.NONE, null));

        assertThat(ended.outcome()).isEqualTo(RestoreEnded.Outcome.FAILED);
        assertThat(ended.error()).isEqualTo("the point is being deleted");
        assertThat(faults.restoreCalls).isEmpty();
    }

    @Test
    void aStaleRestoreWhoseCallMadeTheTableIsTakenOverAndRecognisesTheTableAsItsOwn() {
        RestoreSource source = point(2);
        String target = source.table().name() + "-resumed";
        RestoreRequested request = request(source, target, RestoreOptions.NONE, null);
        DynamoDbRestores restores = new DynamoDbRestores(dynamo, ledger.table());
        // a worker claimed the restore, recorded its call, made the call, and stopped: its lease ran out
        assertThat(restores.claim(RestoreRecord.claimed(request.restoreId(), source.dueId(),
                request.target().arn(), "dead-worker", Instant.now().minusSeconds(1)))).isTrue();
        Instant calledAt = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        assertThat(restores.markCalled(request.restoreId(), "dead-worker", calledAt)).isTrue();
        dynamo.restoreTableFromBackup(b -> b.backupArn(source.backupArn()).targetTableName(target));

        RestoreEnded ended = restore(5).handle(request);

        assertThat(ended.outcome()).isEqualTo(RestoreEnded.Outcome.COMPLETED);
        assertThat(ended.startedAt()).as("the first call's time, as recorded").isEqualTo(calledAt);
        assertThat(restores.find(request.restoreId()).orElseThrow().made()).isTrue();
    }

    /** Sees the requests; makes restores slow or refused, and a backup's item count what DynamoDB might say. */
    private static final class Faults implements ExecutionInterceptor {
        final List<RestoreTableFromBackupRequest> restoreCalls = new CopyOnWriteArrayList<>();
        final AtomicInteger limitExceeded = new AtomicInteger();
        final AtomicInteger mostRestoringAtOnce = new AtomicInteger();
        final Set<String> restoring = ConcurrentHashMap.newKeySet();
        volatile Duration restoreCallTakes = Duration.ZERO;
        volatile Long backupItemCount;

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof RestoreTableFromBackupRequest restore) {
                restoreCalls.add(restore);
                if (limitExceeded.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw LimitExceededException.builder().statusCode(400)
                            .message("Subscriber limit exceeded: too many table operations")
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("LimitExceededException").build())
                            .build();
                }
                restoring.add(restore.targetTableName());
                mostRestoringAtOnce.accumulateAndGet(restoring.size(), Math::max);
                try {
                    Thread.sleep(restoreCallTakes.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
            if (context.response() instanceof DescribeTableResponse described
                    && described.table().tableStatus() == TableStatus.ACTIVE) {
                restoring.remove(described.table().tableName());
            }
            if (context.response() instanceof DescribeBackupResponse backup && backupItemCount != null) {
                var description = backup.backupDescription();
                return backup.toBuilder().backupDescription(description.toBuilder().sourceTableDetails(
                        description.sourceTableDetails().toBuilder().itemCount(backupItemCount).build()).build())
                        .build();
            }
            return context.response();
        }
    }
}
