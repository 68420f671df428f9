package io.gfsbackup.operations.restore;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.AwsErrors;
import io.gfsbackup.aws.AwsOperation;
import io.gfsbackup.aws.AwsScope;
import io.gfsbackup.contracts.messages.RestoreRequested;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.messaging.KafkaSender;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Takes a restore asked for over REST (decision 13): checks it against the projection's restore points and, with
 * DescribeTable in the point's account (its role as the point's due named it) and region, that the new table does not
 * exist yet; records it (PENDING, with its job) and publishes {@link RestoreRequested} to {@code restore-requests}.
 * When Kafka does not take the request, the record is taken back and the caller told to try again: no PENDING restore
 * is left that no worker will ever start. The worker makes the restore, at DynamoDB's limits (docs/worker.md).
 */
@ApplicationScoped
public class Restores {

    private static final Logger LOG = Logger.getLogger(Restores.class);

    @Inject
    RestoreStore store;

    @Inject
    RestorePublisher publisher;

    @Inject
    AwsClients aws;

    @Inject
    Clock clock;

    /** Asks for the restore of {@code draft} as {@code requestedBy}; returns it (PENDING). */
    public RestoreView request(RestoreDraft draft, String requestedBy) {
        Instant now = clock.instant();
        RestorePoint point = point(draft);
        if (!point.aliveAt(now)) {
            throw RestoreProblem.conflict("Restore point not alive", "the point of " + point.table().arn()
                    + " at " + point.slot() + " (backup " + point.backupArn() + ") "
                    + (point.deletedAt() != null ? "was deleted at " + point.deletedAt()
                    : "expired at " + point.expiredAt()) + "; restore a point that is alive");
        }
        String region = draft.targetRegion() == null ? point.table().region() : draft.targetRegion();
        if (!region.equals(point.table().region()) && !point.moved()) {
            throw RestoreProblem.invalid("targetRegion", region + " is not the region of the point's table ("
                    + point.table().region() + "): DynamoDB restores a backup only in its own region, and only a"
                    + " point moved to the archive tier (docs/archive.md) is restored from its copy, into any"
                    + " region; leave targetRegion out for this point");
        }
        AwsAccount into = targetAccount(point, draft.targetAccountId());
        TableRef target = point.sibling(draft.targetTableName(),
                draft.targetAccountId() == null ? point.table().accountId() : draft.targetAccountId(), region);
        if (exists(into, target)) {
            throw RestoreProblem.conflict("Target table exists", "a table named " + target.name() + " exists in"
                    + " account " + target.accountId() + " and region " + target.region() + "; a restore makes a"
                    + " new table: choose a name that is free");
        }
        RestoreRequested request = RestoreRequested.of(UUID.randomUUID(), point.source(), target, draft.options(),
                requestedBy, now, null);
        Optional<UUID> other = store.insert(request);
        if (other.isPresent()) {
            throw RestoreProblem.conflict("Target table in use", "restore " + other.get() + " is already making"
                    + " table " + target.name() + " (PENDING or RESTORING); choose another name or wait for it");
        }
        try {
            publisher.publish(request);
        } catch (KafkaSender.SendFailedException | RuntimeException e) {
            store.delete(request.restoreId());
            LOG.warnf("restore %s was not taken by Kafka and is not recorded: %s", request.restoreId(),
                    e.getMessage());
            throw RestoreProblem.unavailable("the restore could not be queued (Kafka did not acknowledge it);"
                    + " nothing was recorded: try again", e);
        }
        return store.find(request.restoreId()).orElseThrow();
    }

    private RestorePoint point(RestoreDraft draft) {
        if (draft.backupArn() != null) {
            return store.pointOfBackup(draft.backupArn()).orElseThrow(() -> RestoreProblem.notFound(
                    "no restore point with backup " + draft.backupArn() + " is known here; only the backups this"
                            + " system made can be restored through it"));
        }
        return store.pointOfChain(draft.chainId(), draft.slot()).orElseThrow(() -> RestoreProblem.notFound(
                "chain " + draft.chainId() + " has no point of slot " + draft.slot() + " known here"));
    }

    /**
     * The role of the account a restore of {@code point} goes to: the point's own ({@code accountId} null or the
     * point's), or, for a point moved to the archive tier, that of its copy's account, whose role can read the copy.
     */
    private static AwsAccount targetAccount(RestorePoint point, String accountId) {
        if (accountId == null || accountId.equals(point.table().accountId())) {
            return point.account();
        }
        AwsAccount copy = point.archiveAccess();
        if (point.moved() && copy != null && copy.accountId().equals(accountId)) {
            return copy;
        }
        throw RestoreProblem.invalid("targetAccountId", accountId + " is not the account of the point's table ("
                + point.table().accountId() + ")" + (point.moved() && copy != null ? " nor that of its archive copy ("
                + copy.accountId() + ")" : "") + ": a backup is restored in its own account, and only a point moved"
                + " to the archive tier is restored from its copy, into the account that holds the copy; "
                + (point.moved() && copy != null ? "use one of those two" : "leave targetAccountId out for this"
                + " point"));
    }

    /** Whether {@code target} exists, by DescribeTable in its account (through {@code account}'s role) and region. */
    private boolean exists(AwsAccount account, TableRef target) {
        try {
            aws.limits().call(AwsOperation.DESCRIBE_TABLE, AwsScope.of(account, target.region()),
                    () -> aws.dynamoDb(account, target.region())
                            .describeTable(b -> b.tableName(target.name())));
            return true;
        } catch (ResourceNotFoundException free) {
            return false;
        } catch (RuntimeException e) {
            throw RestoreProblem.unavailable("whether table " + target.name() + " exists in account "
                    + target.accountId() + " and region " + target.region() + " could not be read ("
                    + AwsErrors.describe(e) + "); nothing was recorded: try again", e);
        }
    }
}
