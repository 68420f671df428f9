package io.gfsbackup.worker.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.AwsErrors;
import io.gfsbackup.aws.AwsOperation;
import io.gfsbackup.aws.AwsScope;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.RestoreEnded;
import io.gfsbackup.contracts.messages.RestoreOptions;
import io.gfsbackup.contracts.messages.RestoreProgressed;
import io.gfsbackup.contracts.messages.RestoreRequested;
import io.gfsbackup.contracts.messages.RestoreSource;
import io.gfsbackup.contracts.messages.RestoreStarted;
import io.gfsbackup.contracts.messages.RestoreTestResult;
import io.gfsbackup.contracts.messages.RestoreTestRun;
import io.gfsbackup.contracts.messages.ScratchTableDropped;
import io.gfsbackup.contracts.messages.ScratchTableExpired;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.TableSelection;
import io.gfsbackup.worker.persistence.DynamoDbArchives;
import io.gfsbackup.worker.persistence.DynamoDbArchives.ArchiveRecord;
import io.gfsbackup.worker.persistence.DynamoDbRestores;
import io.gfsbackup.worker.persistence.Ledger;
import io.gfsbackup.worker.persistence.LedgerEntry;
import io.gfsbackup.worker.persistence.LedgerState;
import io.gfsbackup.worker.persistence.PointLease;
import io.gfsbackup.worker.persistence.RestoreRecord;
import io.gfsbackup.worker.persistence.RestoreState;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Handles a {@link RestoreRequested}: restores a point's backup to a new table once, however often and by however
 * many workers the request is handled, and returns the one {@link RestoreEnded} to publish (docs/decisions/0013,
 * docs/worker.md "Restores").
 *
 * <ol>
 * <li>A request whose target is not a valid table of the source's account and region, or whose target's prefix does
 * not fit (a test's target is a scratch table, {@link TableSelection#RESERVED_PREFIX}; any other target is not) is
 * refused ({@link InvalidMessageException}: the DLQ).</li>
 * <li>The restore is claimed in the ledger table (its own item, keyed by the restore id). Whoever loses the claim
 * re-publishes the recorded outcome, waits while another worker's claim lives, or takes over a stale one.</li>
 * <li>The claimer announces {@link RestoreStarted}, then takes a restore lease on the point's ledger entry: one
 * conditional write that requires the point's backup CREATED and no deletion started. So a deletion waits for the
 * restore, or the restore fails at once ("the point is being deleted", "the point's backup was deleted", "this
 * system has no backup of that point"). The backup is restored in the account the ledger recorded for the point,
 * whatever the message says.</li>
 * <li>It holds one of its account's and region's {@link RestorePermits} from the call until the table is ACTIVE,
 * takes the call's rate permit, and retries {@code LimitExceededException} and other transient errors with backoff
 * (a restore queues at the limits, never fails for them). The restore record says that the call was made before it
 * is made, so that a worker taking over recognises a target table that exists as its own; any other existing target
 * fails the restore ("target table exists").</li>
 * <li>It waits for ACTIVE, re-applies the source table's settings asked for (a source that is gone, or a setting
 * that fails, is a warning), validates a test's table and drops it unless it is kept, releases the lease, records
 * the outcome and returns it.</li>
 * </ol>
 * A {@link ScratchTableExpired} drops a kept scratch table ({@link #drop}), only one this worker's records say this
 * restore made, with the reserved prefix.
 */
public class BackupRestore {

    private static final Logger LOG = Logger.getLogger(BackupRestore.class);
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    private final Ledger ledger;
    private final DynamoDbRestores restores;
    private final AwsClients clients;
    private final Clock clock;
    private final RetryPolicy retry;
    private final WorkerMetrics metrics;
    private final String instanceId;
    private final ClaimKeeper claims;
    private final RestorePermits permits;
    private final Duration claimPollInterval;
    private final Duration activePollInterval;
    private final Duration activeMaxWait;
    private volatile Consumer<RestoreStarted> onStart = started -> { };
    private volatile Consumer<RestoreProgressed> onProgress = progressed -> { };
    private volatile DynamoDbArchives archives;
    private volatile ArchiveCopy archiveCopies;

    public BackupRestore(Ledger ledger, DynamoDbRestores restores, AwsClients clients, Clock clock, RetryPolicy retry,
                         WorkerMetrics metrics, String instanceId, ClaimKeeper claims, RestorePermits permits,
                         Duration claimPollInterval, Duration activePollInterval, Duration activeMaxWait) {
        this.ledger = ledger;
        this.restores = restores;
        this.clients = clients;
        this.clock = clock;
        this.retry = retry;
        this.metrics = metrics;
        this.instanceId = instanceId;
        this.claims = claims;
        this.permits = permits;
        this.claimPollInterval = claimPollInterval;
        this.activePollInterval = activePollInterval;
        this.activeMaxWait = activeMaxWait;
    }

    /** Restores points whose warm backup was moved to the archive from their copies (docs/archive.md). */
    public BackupRestore withArchives(DynamoDbArchives archives, ArchiveCopy copies) {
        this.archives = archives;
        this.archiveCopies = copies;
        return this;
    }

    /**
     * Where a {@link RestoreStarted} goes once this worker has claimed a restore (or taken over a stale claim):
     * {@code backup-events}. Best effort, as for a backup's start.
     */
    public void onStart(Consumer<RestoreStarted> onStart) {
        this.onStart = onStart;
    }

    /** Where a {@link RestoreProgressed} goes as a restore from an archive copy enters a stage. Best effort. */
    public void onProgress(Consumer<RestoreProgressed> onProgress) {
        this.onProgress = onProgress;
    }

    /** The outcome of {@code request}; the same however often, and by however many workers, it is handled. */
    public RestoreEnded handle(RestoreRequested request) {
        validate(request);
        String token = instanceId + "/" + UUID.randomUUID();
        RestoreRecord claimed = RestoreRecord.claimed(request.restoreId(), request.source().dueId(),
                request.target().arn(), token, claims.leaseUntil());
        if (restores.claim(claimed)) {
            return run(request, token, claimed);
        }
        return fromRecord(request, token);
    }

    /**
     * Rejects a request the worker must not act on: an invalid name, a prefix that does not fit, a restore test's target
     * in another account. Whether a target in another account or region can be reached is decided with the point.
     */
    static void validate(RestoreRequested request) {
        TableRef source = checkedTable(request.source().table(), "source.table");
        TableRef target = checkedTable(request.target(), "target");
        if (!TABLE_NAME.matcher(target.name()).matches()) {
            throw new InvalidMessageException("target.name: '" + target.name() + "' is not a DynamoDB table name (3 to"
                    + " 255 of A-Z, a-z, 0-9, '_', '-', '.')");
        }
        if (request.test() != null && !Objects.equals(emptyIfNull(target.accountId()),
                emptyIfNull(source.accountId()))) {
            throw new InvalidMessageException("target.accountId: " + target.accountId() + " is not the account of the"
                    + " source table (" + source.accountId() + "); a restore test restores in the point's account");
        }
        boolean scratch = target.name().startsWith(TableSelection.RESERVED_PREFIX);
        if (request.test() != null && !scratch) {
            throw new InvalidMessageException("target.name: a restore test's table must start with "
                    + TableSelection.RESERVED_PREFIX + ", not '" + target.name() + "'");
        }
        if (request.test() == null && scratch) {
            throw new InvalidMessageException("target.name: '" + target.name() + "' starts with the prefix "
                    + TableSelection.RESERVED_PREFIX + ", reserved for restore tests' scratch tables");
        }
        if (request.test() != null && (request.test().validation().sampleItems() < 0
                || request.test().validation().itemCountTolerance() < 0 || request.test().keepFor().isNegative())) {
            throw new InvalidMessageException("test: sampleItems, itemCountTolerance and keepFor must not be negative");
        }
    }

    /** The table a message names, checked against its ARN. */
    private static TableRef checkedTable(TableRef table, String field) {
        TableRef fromArn;
        try {
            fromArn = TableRef.fromArn(table.arn());
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException(field + ".arn: " + e.getMessage());
        }
        if (!fromArn.name().equals(table.name()) || !fromArn.region().equals(table.region())
                || (table.accountId() != null && !table.accountId().equals(fromArn.accountId()))) {
            throw new InvalidMessageException(field + ": table " + table.name() + " in " + table.region()
                    + (table.accountId() == null ? "" : " of account " + table.accountId())
                    + " does not match its ARN " + table.arn());
        }
        return fromArn;
    }

    private static String emptyIfNull(String value) {
        return value == null ? "" : value;
    }

    /** The restore is recorded already: its outcome, or wait for a live claim, or take over a stale one. */
    private RestoreEnded fromRecord(RestoreRequested request, String token) {
        while (true) {
            RestoreRecord record = restores.find(request.restoreId()).orElseThrow(() ->
                    new IllegalStateException("restore " + request.restoreId() + " vanished from the ledger"));
            if (record.hasEnded()) {
                metrics.republished();
                return Messages.fromJson(record.endedMessage(), RestoreEnded.class);
            }
            if (claims.isStale(record.leaseUntil())) {
                if (restores.takeOver(request.restoreId(), record.owner(), token, claims.leaseUntil())) {
                    LOG.infof("restore %s: resuming the stale claim of %s", request.restoreId(), record.owner());
                    return run(request, token, record);
                }
            } else {
                sleep(claimPollInterval);
            }
        }
    }

    /** This worker holds the restore's claim, kept alive meanwhile. */
    private RestoreEnded run(RestoreRequested request, String token, RestoreRecord record) {
        UUID restoreId = request.restoreId();
        try (ClaimKeeper.Held held = claims.keep("restore " + restoreId,
                until -> restores.renew(restoreId, token, until))) {
            announceStart(request);
            metrics.restoreStarted();
            Run run = new Run(request, token, record);
            RestoreEnded ended = run.restore();
            RestoreState state = ended.outcome() == RestoreEnded.Outcome.COMPLETED ? RestoreState.COMPLETED
                    : RestoreState.FAILED;
            if (!restores.finish(restoreId, token, state, Messages.toJson(ended))) {
                LOG.warnf("restore %s: the claim was taken over meanwhile; using the recorded outcome", restoreId);
                return fromRecord(request, token);
            }
            metrics.restoreEnded(ended.outcome() == RestoreEnded.Outcome.COMPLETED, ended.timeToRestore());
            if (state == RestoreState.FAILED) {
                LOG.warnf("restore %s of %s to %s failed: %s", restoreId, request.source().backupArn(),
                        request.target().name(), ended.error());
            } else {
                LOG.infof("restore %s of %s to %s completed in %s%s", restoreId, request.source().backupArn(),
                        request.target().name(), ended.timeToRestore(),
                        ended.warnings().isEmpty() ? "" : ", warnings: " + ended.warnings());
            }
            return ended;
        } catch (LostClaimException lost) {
            LOG.warnf("restore %s: the claim was taken over meanwhile; waiting for its outcome", restoreId);
            return fromRecord(request, token);
        }
    }

    private void announceStart(RestoreRequested request) {
        try {
            onStart.accept(RestoreStarted.of(request, instanceId, clock.instant()));
        } catch (RuntimeException e) {
            LOG.warnf("restore %s: its start could not be announced (%s); the restore is made all the same",
                    request.restoreId(), e.getMessage());
        }
    }

    /**
     * Drops the kept scratch table of a restore test, once its keeping period ended: only if this worker's records say
     * that this restore made exactly that table, and its name has the reserved prefix; anything else is refused
     * (the DLQ). A table already gone is {@code alreadyGone}; a repeated message yields the same drop.
     */
    public ScratchTableDropped drop(ScratchTableExpired expired) {
        UUID restoreId = expired.restoreId();
        TableRef table = expired.table();
        RestoreRecord record = restores.find(restoreId).orElseThrow(() -> refuse(expired,
                "this system has no record of restore " + restoreId));
        if (!record.made() || !table.arn().equals(record.targetArn())) {
            throw refuse(expired, "restore " + restoreId + " did not make it (its target was " + record.targetArn()
                    + (record.made() ? "" : ", not made") + ")");
        }
        if (!table.name().startsWith(TableSelection.RESERVED_PREFIX)) {
            throw refuse(expired, "it is not a scratch table (its name does not start with "
                    + TableSelection.RESERVED_PREFIX + ")");
        }
        if (!record.hasEnded()) {
            throw refuse(expired, "restore " + restoreId + " has not ended");
        }
        if (record.droppedAt() != null) {
            metrics.republished();
            return ScratchTableDropped.of(restoreId, expired.source(), table, record.dropAlreadyGone(),
                    record.droppedAt());
        }
        AwsAccount account = ledger.find(record.sourceDueId()).map(LedgerEntry::account).orElse(null);
        DynamoDbClient dynamo = clients.dynamoDb(account, table.region());
        boolean gone = dropTable(dynamo, AwsScope.of(table), table.name());
        Instant now = clock.instant();
        restores.markDropped(restoreId, now, gone);
        LOG.infof("restore %s: dropped its scratch table %s%s", restoreId, table.name(),
                gone ? ", which was already gone" : "");
        return ScratchTableDropped.of(restoreId, expired.source(), table, gone, now);
    }

    private InvalidMessageException refuse(ScratchTableExpired expired, String why) {
        LOG.warnf("refusing ScratchTableExpired %s for %s: %s", expired.id(), expired.table().arn(), why);
        return new InvalidMessageException("refusing to drop " + expired.table().arn() + ": " + why);
    }

    /** DeleteTable of a scratch table; whether it was already gone. A table still being changed is waited for. */
    private boolean dropTable(DynamoDbClient dynamo, AwsScope scope, String name) {
        if (!name.startsWith(TableSelection.RESERVED_PREFIX)) {
            throw new IllegalStateException("refusing to drop " + name + ": not a scratch table");
        }
        long deadline = System.nanoTime() + activeMaxWait.toNanos();
        while (true) {
            try {
                call(AwsOperation.DELETE_TABLE, scope, () -> dynamo.deleteTable(b -> b.tableName(name)));
                return false;
            } catch (ResourceNotFoundException gone) {
                return true;
            } catch (ResourceInUseException changing) {
                if (System.nanoTime() - deadline > 0) {
                    throw changing;
                }
                metrics.retried();
                sleep(activePollInterval);
            }
        }
    }

    /** One call, paced at its rate, with transient errors retried with backoff. */
    private <T> T call(AwsOperation operation, AwsScope scope, Supplier<T> call) {
        Object result = retry.restore(() -> {
            metrics.waitedForRateLimit(clients.limits().acquire(operation, scope));
            return call.get();
        }, Object.class);
        @SuppressWarnings("unchecked")
        T typed = (T) result;
        return typed;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The claim was taken over by another worker: this one stops and follows the record. */
    private static final class LostClaimException extends RuntimeException {
        LostClaimException() {
            super("lost the restore's claim", null, false, false);
        }
    }

    /** The table did not become ACTIVE within the wait. */
    private static final class NotActiveException extends RuntimeException {
        NotActiveException(String message) {
            super(message, null, false, false);
        }
    }

    /** One restore, by the worker that holds its claim. */
    private final class Run {
        private final RestoreRequested request;
        private final RestoreSource source;
        private final UUID restoreId;
        private final String token;
        private final RestoreRecord record;
        private final AwsScope scope;
        private Instant startedAt;

        Run(RestoreRequested request, String token, RestoreRecord record) {
            this.request = request;
            this.source = request.source();
            this.restoreId = request.restoreId();
            this.token = token;
            this.record = record;
            this.scope = AwsScope.of(source.table());
            this.startedAt = record.startedAt();
        }

        RestoreEnded restore() {
            UUID dueId = source.dueId();
            LedgerEntry entry = ledger.find(dueId).orElse(null);
            if (entry == null) {
                return failed(PointLease.NO_ENTRY.error());
            }
            if (entry.state() == LedgerState.DELETED) {
                return failed(PointLease.DELETED.error());
            }
            if (entry.state() == LedgerState.CREATED && !source.backupArn().equals(entry.backupArn())) {
                return failed("the point's backup is " + entry.backupArn() + ", not " + source.backupArn());
            }
            PointLease lease = ledger.addRestoreLease(dueId, restoreId, claims.leaseUntil());
            if (lease == PointLease.DELETION_STARTED && archives != null) {
                Optional<ArchiveRecord> copy = archives.find(dueId);
                if (copy.isPresent() && copy.get().warmDeleted() && copy.get().prefixDeletedAt() == null) {
                    return restoreFromArchive(copy.get(), entry.account());
                }
            }
            if (lease != PointLease.ADDED) {
                return failed(lease.error());
            }
            if (!request.target().accountId().equals(source.table().accountId())
                    || !request.target().region().equals(source.table().region())) {
                ledger.releaseRestoreLease(dueId, restoreId);
                return failed("target: account " + request.target().accountId() + " and region "
                        + request.target().region() + " are not those of the source table (" + source.table()
                        .accountId() + ", " + source.table().region() + "); DynamoDB restores a backup only in its"
                        + " own account and region, and only a point moved to the archive is restored from its copy"
                        + " elsewhere");
            }
            RestoreEnded ended;
            try (ClaimKeeper.Held held = claims.keep("restore " + restoreId + " of point " + dueId,
                    until -> ledger.renewRestoreLease(dueId, restoreId, until))) {
                ended = restoreLeased(clients.dynamoDb(entry.account(), source.table().region()));
            } finally {
                try {
                    ledger.releaseRestoreLease(dueId, restoreId);
                } catch (RuntimeException e) {
                    LOG.warnf("restore %s: its lease on point %s could not be released (%s); it runs out",
                            restoreId, dueId, e.getMessage());
                }
            }
            return ended;
        }

        /**
         * A point whose warm backup was moved to the archive (docs/archive.md) is restored from its copy with
         * ImportTable, into any region of the point's account or of the copy's (with the role the copy was made
         * with); the restore's overrides are not applied to an import, and a restore test does not read archived
         * points. {@code pointAccount}: the point's account's role ({@code null}: the services' own account).
         */
        private RestoreEnded restoreFromArchive(ArchiveRecord copy, AwsAccount pointAccount) {
            if (request.test() != null) {
                return failed("the point was moved to the archive (" + copy.location().uri() + "); restore tests "
                        + "restore warm backups only");
            }
            String account = request.target().accountId();
            AwsAccount copyAccount = copy.location().access();
            AwsAccount into;
            if (account.equals(source.table().accountId())) {
                into = pointAccount;
            } else if (copyAccount != null && account.equals(copyAccount.accountId())) {
                into = copyAccount;
            } else {
                return failed("target.accountId: " + account + " is neither the point's account ("
                        + source.table().accountId() + ") nor that of its archive copy ("
                        + (copyAccount == null ? "the same" : copyAccount.accountId()) + "); an archived point is"
                        + " imported where its copy can be read");
            }
            DynamoDbClient dynamo = clients.dynamoDb(into, request.target().region());
            Instant now = clock.instant();
            if (!restores.markCalled(restoreId, token, now)) {
                throw new LostClaimException();
            }
            if (startedAt == null) {
                startedAt = now;
            }
            TableDescription table;
            AwsScope targetScope = AwsScope.of(request.target());
            try (RestorePermits.Permit permit = permits.acquire(targetScope)) {
                try {
                    archiveCopies.importTo(copy.location(), request.target().name(), dynamo, targetScope,
                            this::announce);
                } catch (ResourceInUseException | TableAlreadyExistsException exists) {
                    return failed("target table exists: " + request.target().name() + " ("
                            + AwsErrors.describe(exists) + ")");
                } catch (SdkException e) {
                    return failed("ImportTable from " + copy.location().uri() + ": " + AwsErrors.describe(e));
                } catch (IllegalStateException e) {
                    return failed(e.getMessage());
                }
                Active active = recordMadeAndAwaitActive(dynamo);
                if (active.table() == null) {
                    return failed(active.error());
                }
                table = active.table();
            }
            Instant activeAt = clock.instant();
            List<String> warnings = new ArrayList<>();
            warnings.add("restored from the archive copy " + copy.location().uri() + " with ImportTable (the warm "
                    + "backup was moved there); billing mode, capacity, encryption and index overrides are not "
                    + "applied to an import");
            if (request.target().region().equals(source.table().region()) && into == pointAccount) {
                warnings.addAll(reapply(dynamo, table));
            } else if (!request.options().reapply().isEmpty()) {
                warnings.add("the source table's settings are not re-applied to a table in another account or"
                        + " region");
            }
            return RestoreEnded.completed(request, startedAt, activeAt, warnings, null, clock.instant());
        }

        private void announce(RestoreProgressed.Stage stage, String detail) {
            try {
                onProgress.accept(RestoreProgressed.of(restoreId, source, stage, detail, instanceId, clock.instant()));
            } catch (RuntimeException e) {
                LOG.warnf("restore %s: its stage %s could not be announced (%s); the restore goes on", restoreId,
                        stage, e.getMessage());
            }
        }

        private RestoreEnded restoreLeased(DynamoDbClient dynamo) {
            BackupDescription backup;
            try {
                backup = call(AwsOperation.DESCRIBE_BACKUP, scope,
                        () -> dynamo.describeBackup(b -> b.backupArn(source.backupArn())).backupDescription());
            } catch (BackupNotFoundException gone) {
                return failed("the point's backup " + source.backupArn() + " is gone: " + AwsErrors.describe(gone));
            } catch (SdkException e) {
                return failed("DescribeBackup of " + source.backupArn() + ": " + AwsErrors.describe(e));
            }
            RestoreTableFromBackupRequest call;
            try {
                call = RestoreCall.request(source.backupArn(), request.target().name(), request.options(), backup);
            } catch (IllegalArgumentException e) {
                return failed(e.getMessage());
            }
            TableDescription table;
            try (RestorePermits.Permit permit = permits.acquire(scope)) {
                try {
                    restoreTable(dynamo, call);
                } catch (TableAlreadyExistsException exists) {
                    return failed("target table exists: " + request.target().name() + " ("
                            + AwsErrors.describe(exists) + ")");
                } catch (SdkException e) {
                    return failed("RestoreTableFromBackup: " + AwsErrors.describe(e));
                }
                Active active = recordMadeAndAwaitActive(dynamo);
                if (active.table() == null) {
                    return failed(active.error());
                }
                table = active.table();
            }
            Instant activeAt = clock.instant();
            List<String> warnings = reapply(dynamo, table);
            RestoreTestResult validation = null;
            if (request.test() != null) {
                validation = test(dynamo, backup, table, activeAt, warnings);
            }
            return RestoreEnded.completed(request, startedAt, activeAt, warnings, validation, clock.instant());
        }

        /**
         * RestoreTableFromBackup, queued at the account's and region's rate and retried on transient errors. An
         * existing target is this restore's own only if this restore's call was made before (by this run, or by the
         * worker it took over from, as the record says).
         */
        private void restoreTable(DynamoDbClient dynamo, RestoreTableFromBackupRequest call) {
            boolean[] sent = {record.called()};
            retry.restore(() -> {
                metrics.waitedForRateLimit(clients.limits().acquire(AwsOperation.RESTORE_TABLE_FROM_BACKUP, scope));
                boolean ownBefore = sent[0];
                Instant now = clock.instant();
                if (!restores.markCalled(restoreId, token, now)) {
                    throw new LostClaimException();
                }
                if (startedAt == null) {
                    startedAt = now;
                }
                sent[0] = true;
                try {
                    dynamo.restoreTableFromBackup(call);
                } catch (TableAlreadyExistsException exists) {
                    if (!ownBefore) {
                        throw exists;
                    }
                    LOG.infof("restore %s: the target %s exists, made by this restore's earlier call", restoreId,
                            request.target().name());
                }
                return Boolean.TRUE;
            }, Boolean.class);
        }

        /** The new table once ACTIVE ({@code error} null), or why it did not become so ({@code table} null). */
        private record Active(TableDescription table, String error) {
        }

        /** Records that the call making the new table was made, then waits until the table is ACTIVE. */
        private Active recordMadeAndAwaitActive(DynamoDbClient dynamo) {
            if (!restores.markMade(restoreId, token)) {
                throw new LostClaimException();
            }
            try {
                return new Active(awaitActive(dynamo), null);
            } catch (NotActiveException e) {
                return new Active(null, e.getMessage());
            } catch (SdkException e) {
                return new Active(null, "DescribeTable: " + AwsErrors.describe(e));
            }
        }

        private TableDescription awaitActive(DynamoDbClient dynamo) {
            String name = request.target().name();
            long deadline = System.nanoTime() + activeMaxWait.toNanos();
            while (true) {
                TableDescription table = call(AwsOperation.DESCRIBE_TABLE, AwsScope.of(request.target()),
                        () -> dynamo.describeTable(b -> b.tableName(name)).table());
                if (table.tableStatus() == TableStatus.ACTIVE) {
                    return table;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new NotActiveException("the table " + name + " was still " + table.tableStatus()
                            + " after " + activeMaxWait);
                }
                sleep(activePollInterval);
            }
        }

        /**
         * The source table's settings that {@code options.reapply} names, read from the source table and applied to
         * the new one; whatever cannot be (the source is gone, a call fails) is a warning.
         */
        private List<String> reapply(DynamoDbClient dynamo, TableDescription target) {
            Set<RestoreOptions.SourceSetting> settings = request.options().reapply();
            List<String> warnings = new ArrayList<>();
            if (settings.isEmpty()) {
                return warnings;
            }
            String sourceName = source.table().name();
            TableDescription sourceTable;
            try {
                sourceTable = call(AwsOperation.DESCRIBE_TABLE, scope,
                        () -> dynamo.describeTable(b -> b.tableName(sourceName)).table());
            } catch (ResourceNotFoundException gone) {
                warnings.add("the source table " + sourceName + " no longer exists: " + settings + " not re-applied");
                return warnings;
            } catch (SdkException e) {
                warnings.add("the source table " + sourceName + " could not be read (" + AwsErrors.describe(e)
                        + "): " + settings + " not re-applied");
                return warnings;
            }
            for (RestoreOptions.SourceSetting setting : settings) {
                try {
                    switch (setting) {
                        case TAGS -> tags(dynamo, target);
                        case TTL -> timeToLive(dynamo, target);
                        case POINT_IN_TIME_RECOVERY -> pointInTimeRecovery(dynamo, target);
                        case STREAMS -> streams(dynamo, sourceTable, target);
                    }
                } catch (SdkException | NotActiveException e) {
                    warnings.add(setting + " not re-applied: " + (e instanceof SdkException sdk
                            ? AwsErrors.describe(sdk) : e.getMessage()));
                }
            }
            return warnings;
        }

        private void tags(DynamoDbClient dynamo, TableDescription target) {
            List<Tag> tags = new ArrayList<>();
            String next = null;
            do {
                String from = next;
                ListTagsOfResourceResponse page = call(AwsOperation.LIST_TAGS_OF_RESOURCE, scope,
                        () -> dynamo.listTagsOfResource(b -> b.resourceArn(source.table().arn()).nextToken(from)));
                page.tags().stream().filter(tag -> !tag.key().startsWith("aws:")).forEach(tags::add);
                next = page.nextToken();
            } while (next != null);
            if (!tags.isEmpty()) {
                call(AwsOperation.TAG_RESOURCE, scope,
                        () -> dynamo.tagResource(b -> b.resourceArn(target.tableArn()).tags(tags)));
            }
        }

        private void timeToLive(DynamoDbClient dynamo, TableDescription target) {
            TimeToLiveDescription ttl = call(AwsOperation.DESCRIBE_TIME_TO_LIVE, scope,
                    () -> dynamo.describeTimeToLive(b -> b.tableName(source.table().name())).timeToLiveDescription());
            if (ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                    || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING)) {
                call(AwsOperation.UPDATE_TIME_TO_LIVE, scope, () -> dynamo.updateTimeToLive(b -> b
                        .tableName(target.tableName())
                        .timeToLiveSpecification(s -> s.enabled(true).attributeName(ttl.attributeName()))));
            }
        }

        private void pointInTimeRecovery(DynamoDbClient dynamo, TableDescription target) {
            PointInTimeRecoveryStatus status = call(AwsOperation.DESCRIBE_CONTINUOUS_BACKUPS, scope,
                    () -> dynamo.describeContinuousBackups(b -> b.tableName(source.table().name()))
                            .continuousBackupsDescription().pointInTimeRecoveryDescription()
                            .pointInTimeRecoveryStatus());
            if (status == PointInTimeRecoveryStatus.ENABLED) {
                call(AwsOperation.UPDATE_CONTINUOUS_BACKUPS, scope, () -> dynamo.updateContinuousBackups(b -> b
                        .tableName(target.tableName())
                        .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true))));
            }
        }

        private void streams(DynamoDbClient dynamo, TableDescription sourceTable, TableDescription target) {
            StreamSpecification wanted = sourceTable.streamSpecification();
            if (wanted == null || !Boolean.TRUE.equals(wanted.streamEnabled()) || wanted.equals(target.streamSpecification())) {
                return;
            }
            call(AwsOperation.UPDATE_TABLE, scope, () -> dynamo.updateTable(b -> b.tableName(target.tableName())
                    .streamSpecification(wanted)));
            awaitActive(dynamo);
        }

        /**
         * A restore test's validation of its scratch table: a Scan (paged, paced) counts the items and keeps a
         * reservoir sample drawn with the run's seed; the count must be within the tolerance of the backup's item
         * count, and every sampled item must read back equal by its key. Then the table is dropped, unless kept.
         */
        private RestoreTestResult test(DynamoDbClient dynamo, BackupDescription backup, TableDescription table,
                                       Instant activeAt, List<String> warnings) {
            RestoreTestRun test = request.test();
            int wanted = test.validation().sampleItems();
            double tolerance = test.validation().itemCountTolerance();
            long expected = backup.sourceTableDetails() == null || backup.sourceTableDetails().itemCount() == null
                    ? 0 : backup.sourceTableDetails().itemCount();
            Random random = new Random(test.seed());
            List<Map<String, AttributeValue>> sample = new ArrayList<>();
            long scanned = 0;
            int readBack = 0;
            String failure = null;
            try {
                Map<String, AttributeValue> start = null;
                do {
                    Map<String, AttributeValue> from = start;
                    ScanResponse page = call(AwsOperation.SCAN, scope, () -> dynamo.scan(b -> b
                            .tableName(table.tableName()).consistentRead(true).exclusiveStartKey(from)));
                    for (Map<String, AttributeValue> item : page.items()) {
                        scanned++;
                        if (sample.size() < wanted) {
                            sample.add(item);
                        } else if (wanted > 0) {
                            long slot = random.nextLong(scanned);
                            if (slot < wanted) {
                                sample.set((int) slot, item);
                            }
                        }
                    }
                    start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                            ? page.lastEvaluatedKey() : null;
                } while (start != null);
                for (Map<String, AttributeValue> item : sample) {
                    Map<String, AttributeValue> key = new HashMap<>();
                    for (KeySchemaElement element : table.keySchema()) {
                        key.put(element.attributeName(), item.get(element.attributeName()));
                    }
                    Map<String, AttributeValue> read = call(AwsOperation.GET_ITEM, scope, () -> dynamo.getItem(b -> b
                            .tableName(table.tableName()).key(key).consistentRead(true)).item());
                    if (item.equals(read)) {
                        readBack++;
                    }
                }
            } catch (SdkException e) {
                failure = "the scratch table could not be read: " + AwsErrors.describe(e);
            }
            double allowed = tolerance * Math.max(expected, 1);
            boolean countAgrees = Math.abs(scanned - expected) <= allowed;
            boolean passed = failure == null && countAgrees && readBack == sample.size();
            String detail = failure != null ? failure
                    : "a Scan counted " + scanned + " items where the backup's item count is " + expected + " ("
                    + (countAgrees ? "within" : "outside") + " the tolerance of " + Math.round(tolerance * 100)
                    + "%: at most " + (long) Math.floor(allowed) + " apart); " + readBack + " of " + sample.size()
                    + " sampled items read back equal by their keys";
            Instant dropAt = keepOrDrop(dynamo, table, activeAt, warnings);
            return new RestoreTestResult(passed, expected, scanned, tolerance, sample.size(), readBack, detail, dropAt);
        }

        /** Drops the scratch table now (when it is dropped), or says when it is to be (activeAt + keepFor). */
        private Instant keepOrDrop(DynamoDbClient dynamo, TableDescription table, Instant activeAt,
                                   List<String> warnings) {
            Duration keepFor = request.test().keepFor();
            if (!keepFor.isZero()) {
                return activeAt.plus(keepFor);
            }
            try {
                boolean gone = dropTable(dynamo, scope, table.tableName());
                Instant now = clock.instant();
                restores.markDropped(restoreId, now, gone);
                return now;
            } catch (SdkException e) {
                warnings.add("the scratch table " + table.tableName() + " could not be dropped: "
                        + AwsErrors.describe(e));
                return null;
            }
        }

        private RestoreEnded failed(String error) {
            return RestoreEnded.failed(request, startedAt, error, clock.instant());
        }
    }
}
