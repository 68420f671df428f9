package io.gfsbackup.worker.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.AwsErrors;
import io.gfsbackup.aws.AwsOperation;
import io.gfsbackup.aws.AwsScope;
import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.BackupFailed;
import io.gfsbackup.contracts.messages.BackupMissed;
import io.gfsbackup.contracts.messages.BackupStarted;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.worker.persistence.Ledger;
import io.gfsbackup.worker.persistence.LedgerEntry;
import io.gfsbackup.worker.persistence.LedgerState;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;

/**
 * Handles a {@link BackupDue}: makes the one backup of its slot and table and returns the one outcome to publish
 * ({@link BackupCreated}, {@link BackupFailed} or {@link BackupMissed}, all with id {@code Ids.outcomeId(dueId)}).
 *
 * <ol>
 * <li>A due whose start window has ended is recorded MISSED and not run.</li>
 * <li>Otherwise the due id is claimed in the ledger (conditional write). Whoever loses the claim does not call
 * AWS: it re-publishes the outcome the ledger holds, or waits while another worker's claim is live, or takes over
 * a claim whose lease ran out (its worker stopped renewing it: {@link ClaimKeeper}).</li>
 * <li>The claimer calls CreateBackup with the deterministic name in the table's account and region (with the role
 * the due names for the account, or the worker's own credentials), inside the per-table lock and the per-account
 * and region rate limit ({@link ApiLimits}, as are its ListBackups and DescribeBackup calls), retrying
 * throttling, BackupInUse and 5xx with backoff while the start window lasts. Before any retry, and when taking over,
 * it first looks for a backup of that name (ListBackups), so a call that succeeded in AWS but not in the answer is
 * not repeated.</li>
 * <li>It waits until the backup is AVAILABLE, records CREATED (or FAILED) and returns the outcome. A backup still
 * CREATING when the wait ({@code gfs.worker.availability.max-wait}) ends is recorded CREATING with its ARN, and the
 * due is handed back ({@link FollowUpException}); the next pass follows the backup until it is AVAILABLE (CREATED) or
 * gone (FAILED). A backup that exists is never dropped.</li>
 * </ol>
 * The caller publishes the outcome and only then commits the due.
 */
public class BackupCreation {

    private static final Logger LOG = Logger.getLogger(BackupCreation.class);
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::([0-9]{12}):role/.+");

    private final Ledger ledger;
    private final AwsClients clients;
    private final Clock clock;
    private final TableLocks locks;
    private final RetryPolicy retry;
    private final WorkerMetrics metrics;
    private final String instanceId;
    private final ClaimKeeper claims;
    private final Duration claimPollInterval;
    private final Duration availablePollInterval;
    private final Duration availableMaxWait;
    private volatile Consumer<BackupStarted> onStart = started -> { };

    public BackupCreation(Ledger ledger, AwsClients clients, Clock clock, TableLocks locks, RetryPolicy retry,
                          WorkerMetrics metrics, String instanceId, ClaimKeeper claims, Duration claimPollInterval,
                          Duration availablePollInterval, Duration availableMaxWait) {
        this.ledger = ledger;
        this.clients = clients;
        this.clock = clock;
        this.locks = locks;
        this.retry = retry;
        this.metrics = metrics;
        this.instanceId = instanceId;
        this.claims = claims;
        this.claimPollInterval = claimPollInterval;
        this.availablePollInterval = availablePollInterval;
        this.availableMaxWait = availableMaxWait;
    }

    /** The name of this worker in the ledger's claims. */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Where a {@link BackupStarted} goes when this worker has claimed a due (or taken over a stale claim) and is about
     * to make its backup: {@code backup-events}, so that the job shows as running. Best effort: a start that cannot be
     * announced is logged and the backup is made all the same; its outcome follows as always.
     */
    public void onStart(Consumer<BackupStarted> onStart) {
        this.onStart = onStart;
    }

    /** The outcome of {@code due}; the same outcome however often, and by however many workers, it is handled. */
    public Message handle(BackupDue due) {
        validate(due);
        DueSlot slot = due.due();
        return locks.forCreate(slot.table(), () -> handleLocked(slot));
    }

    /** Rejects a due whose ids do not follow from its content: acting on it could make a second backup. */
    static void validate(BackupDue message) {
        DueSlot due = message.due();
        if (!message.id().equals(due.dueId())) {
            throw new InvalidMessageException("id " + message.id() + " is not the due id " + due.dueId());
        }
        UUID expected = Ids.dueId(due.policyId(), due.table().arn(), due.slot());
        if (!expected.equals(due.dueId())) {
            throw new InvalidMessageException("due id " + due.dueId() + " is not the id of (policy " + due.policyId()
                    + ", table " + due.table().arn() + ", slot " + due.slot() + "): " + expected);
        }
        TableRef fromArn;
        try {
            fromArn = TableRef.fromArn(due.table().arn());
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException(e.getMessage());
        }
        if (!fromArn.name().equals(due.table().name()) || !fromArn.region().equals(due.table().region())
                || (due.table().accountId() != null && !due.table().accountId().equals(fromArn.accountId()))) {
            throw new InvalidMessageException("table " + due.table().name() + " in " + due.table().region()
                    + (due.table().accountId() == null ? "" : " of account " + due.table().accountId())
                    + " does not match its ARN " + due.table().arn());
        }
        validateAccount(due.account(), fromArn);
    }

    /**
     * The backup is made with the account's role, so the table it reaches must be the table the due names: the
     * table ARN's account must be the account's id, and the role must be a role of that account.
     */
    private static void validateAccount(AwsAccount account, TableRef table) {
        if (account == null) {
            return;
        }
        if (account.accountId() == null || !account.accountId().equals(table.accountId())) {
            throw new InvalidMessageException("due.account: accountId " + account.accountId()
                    + " is not the account of the table ARN " + table.arn() + " ("
                    + (table.accountId().isEmpty() ? "none" : table.accountId()) + ")");
        }
        Matcher role = account.roleArn() == null ? null : ROLE_ARN.matcher(account.roleArn());
        if (role == null || !role.matches()) {
            throw new InvalidMessageException("due.account.roleArn: " + account.roleArn()
                    + " is not an IAM role ARN (arn:aws:iam::<accountId>:role/<name>)");
        }
        if (!role.group(1).equals(account.accountId())) {
            throw new InvalidMessageException("due.account.roleArn: role " + account.roleArn()
                    + " is not a role of account " + account.accountId() + ", the account of the table");
        }
    }

    private Message handleLocked(DueSlot due) {
        Instant now = clock.instant();
        String token = instanceId + "/" + UUID.randomUUID();
        if (!now.isBefore(due.startWindowEnd())) {
            String reason = "received at " + now + ", after its start window ended at " + due.startWindowEnd();
            if (ledger.claim(LedgerEntry.missed(due, reason, now))) {
                metrics.missed();
                LOG.infof("due %s of %s missed: %s", due.dueId(), due.table().name(), reason);
                return BackupMissed.of(due, reason, now);
            }
        } else if (ledger.claim(LedgerEntry.claimed(due, token, claims.leaseUntil()))) {
            return run(due, token, false);
        }
        return fromLedger(due, token);
    }

    /** The due is in the ledger already: its outcome, or wait for a live claim, or resume a stale one. */
    private Message fromLedger(DueSlot due, String token) {
        while (true) {
            LedgerEntry entry = ledger.find(due.dueId()).orElseThrow(() ->
                    new IllegalStateException("due " + due.dueId() + " vanished from the ledger"));
            switch (entry.state()) {
                case CREATED, DELETED -> {
                    metrics.republished();
                    return BackupCreated.of(due, entry.backupArn(), entry.backupName(), entry.sizeBytes(),
                            entry.backupCreatedAt(), entry.outcomeAt());
                }
                case FAILED -> {
                    metrics.republished();
                    return BackupFailed.of(due, entry.reason(), entry.attempts(), entry.outcomeAt());
                }
                case MISSED -> {
                    metrics.republished();
                    return BackupMissed.of(due, entry.reason(), entry.outcomeAt());
                }
                case CREATING -> {
                    return follow(due, entry, token);
                }
                case CLAIMED -> {
                    if (claims.isStale(entry.leaseUntil())) {
                        if (ledger.takeOver(due.dueId(), entry.owner(), token, claims.leaseUntil())) {
                            LOG.infof("due %s: resuming the stale claim of %s", due.dueId(), entry.owner());
                            return run(due, token, true);
                        }
                    } else {
                        sleep(claimPollInterval);
                    }
                }
                default -> throw new IllegalStateException("unknown ledger state " + entry.state());
            }
        }
    }

    /** This worker holds the claim, kept alive meanwhile: make the backup (or find one a previous attempt made). */
    private Message run(DueSlot due, String token, boolean resumed) {
        try (ClaimKeeper.Held held = claims.hold(due.dueId(), token)) {
            announceStart(due);
            return make(due, token, resumed);
        }
    }

    private void announceStart(DueSlot due) {
        try {
            onStart.accept(BackupStarted.of(due, instanceId, clock.instant()));
        } catch (RuntimeException e) {
            LOG.warnf("due %s: its start could not be announced (%s); the backup is made all the same", due.dueId(),
                    e.getMessage());
        }
    }

    private Message make(DueSlot due, String token, boolean resumed) {
        TableRef table = due.table();
        AwsScope scope = AwsScope.of(table);
        DynamoDbClient dynamo = clients.dynamoDb(due.account(), table.region());
        String name = Ids.backupName(table.name(), due.slot(), due.policyId());
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<Throwable> lastError = new AtomicReference<>();
        BackupDetails details;
        try {
            details = retry.create(() -> {
                int attempt = attempts.incrementAndGet();
                try {
                    if (resumed || attempt > 1) {
                        Optional<BackupDetails> existing = findByName(dynamo, table, name);
                        if (existing.isPresent()) {
                            return existing.get();
                        }
                    }
                    if (!clock.instant().isBefore(due.startWindowEnd())) {
                        throw new StartWindowEndedException(due.startWindowEnd(), lastError.get());
                    }
                    metrics.waitedForRateLimit(clients.limits().acquire(AwsOperation.CREATE_BACKUP, scope));
                    return dynamo.createBackup(b -> b.tableName(table.name()).backupName(name)).backupDetails();
                } catch (SdkException e) {
                    lastError.set(e);
                    throw e;
                }
            }, BackupDetails.class);
            details = awaitAvailable(dynamo, scope, details);
        } catch (StillCreatingException e) {
            return stillCreating(due, token, e.details, attempts.get());
        } catch (StartWindowEndedException e) {
            String reason = e.getMessage() + " after " + (attempts.get() - 1) + " attempt(s)"
                    + (e.getCause() == null ? "" : "; last error: " + AwsErrors.describe(e.getCause()));
            return fail(due, token, reason, Math.max(0, attempts.get() - 1));
        } catch (SdkException e) {
            return fail(due, token, AwsErrors.describe(e), attempts.get());
        } catch (BackupUnavailableException e) {
            return fail(due, token, e.getMessage(), attempts.get());
        }
        Instant now = clock.instant();
        long size = details.backupSizeBytes() == null ? 0 : details.backupSizeBytes();
        Instant createdAt = details.backupCreationDateTime() == null ? now : details.backupCreationDateTime();
        LedgerEntry created = LedgerEntry.claimed(due, token, null)
                .created(details.backupArn(), details.backupName(), size, createdAt, attempts.get(), now);
        if (!ledger.complete(created, token)) {
            LOG.warnf("due %s: the claim was taken over while the backup was made; using the ledger's outcome",
                    due.dueId());
            return fromLedger(due, token);
        }
        metrics.created(Duration.between(due.slot(), now));
        LOG.debugf("due %s: backup %s AVAILABLE after %d attempt(s)", due.dueId(), details.backupArn(), attempts.get());
        return BackupCreated.of(due, details.backupArn(), details.backupName(), size, createdAt, now);
    }

    private Message fail(DueSlot due, String token, String reason, int attempts) {
        Instant now = clock.instant();
        LedgerEntry failed = LedgerEntry.claimed(due, token, null).failed(reason, attempts, now);
        if (!ledger.complete(failed, token)) {
            return fromLedger(due, token);
        }
        metrics.failed();
        LOG.warnf("due %s of %s failed: %s", due.dueId(), due.table().name(), reason);
        return BackupFailed.of(due, reason, attempts, now);
    }

    /** The user backup of the table with exactly this name, if one exists (a previous attempt's). */
    private Optional<BackupDetails> findByName(DynamoDbClient dynamo, TableRef table, String name) {
        String start = null;
        do {
            String from = start;
            metrics.waitedForRateLimit(clients.limits().acquire(AwsOperation.LIST_BACKUPS, AwsScope.of(table)));
            ListBackupsResponse page = dynamo.listBackups(b -> b.tableName(table.name())
                    .backupType(BackupTypeFilter.USER).exclusiveStartBackupArn(from));
            for (BackupSummary summary : page.backupSummaries()) {
                if (name.equals(summary.backupName()) && summary.backupStatus() != BackupStatus.DELETED) {
                    return Optional.of(BackupDetails.builder().backupArn(summary.backupArn())
                            .backupName(summary.backupName()).backupStatus(summary.backupStatus())
                            .backupSizeBytes(summary.backupSizeBytes())
                            .backupCreationDateTime(summary.backupCreationDateTime()).build());
                }
            }
            start = page.lastEvaluatedBackupArn();
        } while (start != null);
        return Optional.empty();
    }

    private BackupDetails awaitAvailable(DynamoDbClient dynamo, AwsScope scope, BackupDetails details) {
        Instant deadline = clock.instant().plus(availableMaxWait);
        BackupDetails current = details;
        while (current.backupStatus() != BackupStatus.AVAILABLE) {
            if (current.backupStatus() == BackupStatus.DELETED) {
                throw new BackupUnavailableException("backup " + current.backupArn() + " was deleted while CREATING");
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new StillCreatingException(current);
            }
            sleep(availablePollInterval);
            String arn = current.backupArn();
            try {
                metrics.waitedForRateLimit(clients.limits().acquire(AwsOperation.DESCRIBE_BACKUP, scope));
                BackupDescription description = dynamo.describeBackup(b -> b.backupArn(arn)).backupDescription();
                current = description.backupDetails();
            } catch (SdkException e) {
                if (!AwsErrors.retryable(e)) {
                    throw e;
                }
                metrics.retried();
            }
        }
        return current;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The backup was started and was still CREATING when this pass stopped waiting: it is recorded CREATING (with
     * its ARN) and this pass ends without an outcome; the caller hands the due back to its topic
     * ({@link FollowUpException}), and a later pass follows the backup on from the ledger.
     */
    private Message stillCreating(DueSlot due, String token, BackupDetails details, int attempts) {
        Instant createdAt = details.backupCreationDateTime() == null ? clock.instant() : details.backupCreationDateTime();
        LedgerEntry creating = LedgerEntry.claimed(due, token, null)
                .creating(details.backupArn(), details.backupName(), createdAt, attempts);
        if (!ledger.complete(creating, token)) {
            return fromLedger(due, token);
        }
        metrics.stillCreating();
        LOG.infof("due %s: backup %s still CREATING after %s; following it", due.dueId(), details.backupArn(),
                availableMaxWait);
        throw new FollowUpException(due.dueId(), details.backupArn(), availableMaxWait);
    }

    /**
     * A backup recorded CREATING: waits for it again (up to the same bound), then records CREATED, or FAILED if it
     * is gone, whichever pass gets there first; if it is still CREATING, the due is handed back again.
     */
    private Message follow(DueSlot due, LedgerEntry entry, String token) {
        DynamoDbClient dynamo = clients.dynamoDb(due.account(), due.table().region());
        BackupDetails details = BackupDetails.builder().backupArn(entry.backupArn()).backupName(entry.backupName())
                .backupStatus(BackupStatus.CREATING).backupCreationDateTime(entry.backupCreatedAt()).build();
        LedgerEntry outcome;
        Instant now;
        try {
            details = awaitAvailable(dynamo, AwsScope.of(due.table()), details);
            now = clock.instant();
            long size = details.backupSizeBytes() == null ? 0 : details.backupSizeBytes();
            outcome = entry.created(details.backupArn(), details.backupName(), size, entry.backupCreatedAt(),
                    entry.attempts(), now);
        } catch (StillCreatingException e) {
            LOG.infof("due %s: backup %s still CREATING; following it", due.dueId(), entry.backupArn());
            throw new FollowUpException(due.dueId(), entry.backupArn(), availableMaxWait);
        } catch (BackupUnavailableException | BackupNotFoundException e) {
            now = clock.instant();
            outcome = entry.failed("backup " + entry.backupArn() + " was started but is gone: " + e.getMessage(),
                    entry.attempts(), now);
        }
        if (!ledger.replace(outcome, LedgerState.CREATING)) {
            return fromLedger(due, token);
        }
        if (outcome.state() == LedgerState.CREATED) {
            metrics.created(Duration.between(due.slot(), now));
            LOG.infof("due %s: backup %s AVAILABLE, followed after it was still CREATING", due.dueId(),
                    entry.backupArn());
            return BackupCreated.of(due, outcome.backupArn(), outcome.backupName(), outcome.sizeBytes(),
                    outcome.backupCreatedAt(), now);
        }
        metrics.failed();
        LOG.warnf("due %s of %s failed: %s", due.dueId(), due.table().name(), outcome.reason());
        return BackupFailed.of(due, outcome.reason(), outcome.attempts(), now);
    }

    /** Still CREATING when the wait ended. */
    private static final class StillCreatingException extends RuntimeException {
        private final transient BackupDetails details;

        StillCreatingException(BackupDetails details) {
            super("backup " + details.backupArn() + " still CREATING", null, false, false);
            this.details = details;
        }
    }

    /** The backup was started but did not become AVAILABLE. */
    static final class BackupUnavailableException extends RuntimeException {
        BackupUnavailableException(String message) {
            super(message);
        }
    }
}
