package io.gfsbackup.worker.support;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupInUseException;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeBackupResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

/**
 * A DynamoDB client for plain unit tests: backups live in a map, and a test scripts the errors the next
 * CreateBackup or DeleteBackup calls throw. Every call moves the test clock by {@code callTakes}.
 */
public final class ScriptedDynamoDb implements DynamoDbClient {

    private final MutableClock clock;
    private final Duration callTakes;
    private final Deque<Supplier<RuntimeException>> createErrors = new ArrayDeque<>();
    private final Deque<Supplier<RuntimeException>> deleteErrors = new ArrayDeque<>();
    private final Map<String, BackupDetails> backups = new ConcurrentHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private boolean alwaysThrottle;
    /** When set, a scripted CreateBackup error happens after the backup was made (a lost answer). */
    private boolean errorsAfterCreating;
    /** When set, a new backup stays CREATING for this long (test clock) before DescribeBackup shows it AVAILABLE. */
    private Duration creatingFor;
    private final Map<String, Instant> availableAt = new ConcurrentHashMap<>();

    public ScriptedDynamoDb(MutableClock clock, Duration callTakes) {
        this.clock = clock;
        this.callTakes = callTakes;
    }

    public static RuntimeException throttling() {
        return AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage("Rate exceeded").build())
                .build();
    }

    public static RuntimeException limitExceeded() {
        return LimitExceededException.builder().statusCode(400).message("Too many backup operations")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("LimitExceededException").build()).build();
    }

    public static RuntimeException inUse() {
        return BackupInUseException.builder().statusCode(400).message("Backup in progress")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("BackupInUseException").build()).build();
    }

    public static RuntimeException serverError() {
        return DynamoDbException.builder().statusCode(500).message("Internal server error")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServerError").build()).build();
    }

    public static RuntimeException tableNotFound() {
        return TableNotFoundException.builder().statusCode(400).message("Table not found")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TableNotFoundException").build()).build();
    }

    public ScriptedDynamoDb failCreates(Supplier<RuntimeException> error, int times) {
        for (int i = 0; i < times; i++) {
            createErrors.add(error);
        }
        return this;
    }

    public ScriptedDynamoDb failDeletes(Supplier<RuntimeException> error, int times) {
        for (int i = 0; i < times; i++) {
            deleteErrors.add(error);
        }
        return this;
    }

    public ScriptedDynamoDb alwaysThrottle() {
        this.alwaysThrottle = true;
        return this;
    }

    public ScriptedDynamoDb errorsAfterCreating() {
        this.errorsAfterCreating = true;
        return this;
    }

    public ScriptedDynamoDb creatingFor(Duration duration) {
        this.creatingFor = duration;
        return this;
    }

    public BackupDetails existing(String table, String name) {
        BackupDetails details = BackupDetails.builder()
                .backupArn("arn:aws:dynamodb:us-east-1:123456789012:table/" + table + "/backup/0" + sequence.incrementAndGet())
                .backupName(name).backupStatus(creatingFor == null ? BackupStatus.AVAILABLE : BackupStatus.CREATING)
                .backupSizeBytes(42L).backupCreationDateTime(clock.instant()).build();
        backups.put(details.backupArn(), details);
        if (creatingFor != null) {
            availableAt.put(details.backupArn(), clock.instant().plus(creatingFor));
        }
        return details;
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized long count(String operation) {
        return calls.stream().filter(operation::equals).count();
    }

    public Map<String, BackupDetails> backups() {
        return backups;
    }

    private synchronized void call(String operation) {
        calls.add(operation);
        clock.advance(callTakes);
    }

    @Override
    public CreateBackupResponse createBackup(CreateBackupRequest request) {
        call("CreateBackup");
        if (alwaysThrottle) {
            throw throttling();
        }
        Supplier<RuntimeException> error = createErrors.poll();
        if (error != null && !errorsAfterCreating) {
            throw error.get();
        }
        BackupDetails details = existing(request.tableName(), request.backupName());
        if (error != null) {
            throw error.get();
        }
        return CreateBackupResponse.builder().backupDetails(details).build();
    }

    @Override
    public ListBackupsResponse listBackups(ListBackupsRequest request) {
        call("ListBackups");
        List<BackupSummary> summaries = backups.values().stream()
                .filter(b -> b.backupArn().contains(":table/" + request.tableName() + "/"))
                .map(b -> BackupSummary.builder().backupArn(b.backupArn()).backupName(b.backupName())
                        .backupStatus(b.backupStatus()).backupSizeBytes(b.backupSizeBytes())
                        .backupCreationDateTime(b.backupCreationDateTime()).build())
                .toList();
        return ListBackupsResponse.builder().backupSummaries(summaries).build();
    }

    @Override
    public DescribeBackupResponse describeBackup(DescribeBackupRequest request) {
        call("DescribeBackup");
        BackupDetails details = backups.get(request.backupArn());
        if (details == null) {
            throw BackupNotFoundException.builder().message("no backup " + request.backupArn()).build();
        }
        Instant ready = availableAt.get(request.backupArn());
        if (details.backupStatus() == BackupStatus.CREATING && ready != null && !clock.instant().isBefore(ready)) {
            details = details.toBuilder().backupStatus(BackupStatus.AVAILABLE).build();
            backups.put(details.backupArn(), details);
        }
        return DescribeBackupResponse.builder()
                .backupDescription(BackupDescription.builder().backupDetails(details).build()).build();
    }

    @Override
    public DeleteBackupResponse deleteBackup(DeleteBackupRequest request) {
        call("DeleteBackup");
        Supplier<RuntimeException> error = deleteErrors.poll();
        if (error != null) {
            throw error.get();
        }
        if (backups.remove(request.backupArn()) == null) {
            throw BackupNotFoundException.builder().statusCode(400).message("Backup not found").build();
        }
        return DeleteBackupResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    /**
     * Its region ({@link Dues#REGION}), credentials and an endpoint nothing answers, which {@code AwsClients} builds
     * on: a client of another account or region that a test reaches by mistake fails at once, never calls AWS.
     */
    @Override
    public DynamoDbServiceClientConfiguration serviceClientConfiguration() {
        return DynamoDbServiceClientConfiguration.builder().region(Region.of(Dues.REGION))
                .endpointOverride(URI.create("http://localhost:1"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    /** {@code AwsClients} over this client, with {@code limits}: what the handlers reach DynamoDB through. */
    public AwsClients clients(ApiLimits limits) {
        return new AwsClients(this, "test", limits);
    }

    @Override
    public void close() {
    }

}
