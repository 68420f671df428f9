package io.gfsbackup.worker.config;

import java.net.URI;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.AwsErrors;
import io.gfsbackup.aws.AwsOperation;
import io.gfsbackup.worker.persistence.DynamoDbArchives;
import io.gfsbackup.worker.persistence.DynamoDbLedger;
import io.gfsbackup.worker.persistence.DynamoDbLegalHolds;
import io.gfsbackup.worker.persistence.DynamoDbRestores;
import io.gfsbackup.worker.persistence.LedgerClient;
import io.quarkus.runtime.Startup;
import io.gfsbackup.worker.service.ArchiveCopy;
import io.gfsbackup.worker.service.BackupCreation;
import io.gfsbackup.worker.service.BackupDeletion;
import io.gfsbackup.worker.service.BackupRestore;
import io.gfsbackup.worker.service.ClaimKeeper;
import io.gfsbackup.worker.service.PointArchiving;
import io.gfsbackup.worker.service.RestorePermits;
import io.gfsbackup.worker.service.RetryPolicy;
import io.gfsbackup.worker.service.TableLocks;
import io.gfsbackup.worker.service.WorkerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Wires the handling core (plain classes in {@code service/} and {@code persistence/}) from configuration. One
 * {@link TableLocks} and one {@link AwsClients} (with its {@link ApiLimits}) serve both consumers.
 */
@ApplicationScoped
public class WorkerBeans {

    private static final Logger LOG = Logger.getLogger(WorkerBeans.class);

    /** The session name of the roles the worker assumes in other accounts (it shows in their CloudTrail). */
    static final String SESSION_NAME = "gfs-backup-worker";

    /**
     * The ledger's DynamoDB client: the worker's own unless {@code gfs.worker.ledger.region} or
     * {@code endpoint-override} puts the ledger table somewhere else (one ledger for workers in several regions).
     */
    @Produces
    @Singleton
    LedgerClient ledgerClient(DynamoDbClient dynamo, WorkerConfig config,
                              @ConfigProperty(name = "quarkus.dynamodb.aws.region") Optional<String> region,
                              @ConfigProperty(name = "quarkus.dynamodb.endpoint-override") Optional<URI> endpoint) {
        return LedgerClient.of(dynamo, region, endpoint, config.ledger().region(), config.ledger().endpointOverride());
    }

    /** Closes the ledger's client if it has one of its own; the worker's client is Quarkus's to close. */
    void close(@Disposes LedgerClient client) {
        client.close();
    }

    /**
     * Eager: the ledger table exists before the first message arrives. Created only where
     * {@code gfs.worker.ledger.create-if-missing} is on (dev, test, the local run); elsewhere a missing table fails
     * the start.
     */
    @Produces
    @Singleton
    @Startup
    DynamoDbLedger ledger(LedgerClient client, WorkerConfig config) {
        DynamoDbLedger ledger = new DynamoDbLedger(client.client(), config.ledger().table());
        LOG.infof("ledger table %s through %s", ledger.table(), client.location());
        try {
            if (config.ledger().createIfMissing()) {
                ledger.ensureTable();
            } else {
                ledger.verifyTable();
            }
        } catch (SdkException e) {
            throw new IllegalStateException("could not create or find the ledger table " + ledger.table()
                    + " through " + client.location() + ": " + AwsErrors.describe(e), e);
        }
        return ledger;
    }

    /** Eager, like the ledger: the hold table is read before every deletion, so a missing one fails the start. */
    @Produces
    @Singleton
    @Startup
    DynamoDbLegalHolds holds(LedgerClient client, WorkerConfig config) {
        DynamoDbLegalHolds holds = new DynamoDbLegalHolds(client.client(), config.holds().table());
        LOG.infof("legal-hold table %s through %s", holds.table(), client.location());
        try {
            if (config.holds().createIfMissing()) {
                holds.ensureTable();
            } else {
                holds.verifyTable();
            }
        } catch (SdkException e) {
            throw new IllegalStateException("could not create or find the legal-hold table " + holds.table()
                    + " through " + client.location() + ": " + AwsErrors.describe(e), e);
        }
        return holds;
    }

    /**
     * The pacing of every AWS call the worker makes, per operation, account and region: AWS's published rates
     * ({@link AwsOperation}), with the backup calls' rates from {@code gfs.worker.limits.*}.
     */
    @Produces
    @Singleton
    ApiLimits apiLimits(WorkerConfig config) {
        Map<AwsOperation, Double> rates = rates(config.limits());
        LOG.infof("rate limits per account and region: CreateBackup %s/s, DeleteBackup %s/s, DescribeBackup %s/s, "
                        + "ListBackups %s/s (0 = no cap)", rates.get(AwsOperation.CREATE_BACKUP),
                rates.get(AwsOperation.DELETE_BACKUP), rates.get(AwsOperation.DESCRIBE_BACKUP),
                rates.get(AwsOperation.LIST_BACKUPS));
        // the backup calls take their permits with acquire and are retried by RetryPolicy, within the start window
        return ApiLimits.published(rates);
    }

    /** The rates {@code gfs.worker.limits.*} set, overriding AWS's published ones. */
    static Map<AwsOperation, Double> rates(WorkerConfig.Limits limits) {
        Map<AwsOperation, Double> rates = new EnumMap<>(AwsOperation.class);
        rates.put(AwsOperation.CREATE_BACKUP, limits.createBackupsPerSecond());
        rates.put(AwsOperation.DELETE_BACKUP, limits.deleteBackupsPerSecond());
        rates.put(AwsOperation.DESCRIBE_BACKUP, limits.describeBackupsPerSecond());
        rates.put(AwsOperation.LIST_BACKUPS, limits.listBackupsPerSecond());
        return rates;
    }

    /**
     * DynamoDB in every account and region a due names: the configured client for the worker's own account and
     * region, clients of other regions and of other accounts (through the role the due names, assumed with STS and
     * kept until shortly before it expires) built on first use.
     */
    @Produces
    @Singleton
    AwsClients clients(DynamoDbClient dynamo, ApiLimits limits) {
        return new AwsClients(dynamo, SESSION_NAME, limits);
    }

    void close(@Disposes AwsClients clients) {
        clients.close();
    }

    @Produces
    @Singleton
    TableLocks tableLocks() {
        return new TableLocks();
    }

    @Produces
    @Singleton
    WorkerMetrics metrics(MeterRegistry registry) {
        return new WorkerMetrics(registry);
    }

    @Produces
    @Singleton
    RetryPolicy retryPolicy(WorkerConfig config, WorkerMetrics metrics) {
        WorkerConfig.Retry retry = config.retry();
        return new RetryPolicy(retry.initialDelay(), retry.maxDelay(), retry.jitter(), retry.deleteMaxDuration(), metrics);
    }

    @Produces
    @Singleton
    ClaimKeeper claimKeeper(DynamoDbLedger ledger, WorkerConfig config) {
        return new ClaimKeeper(ledger, Clock.systemUTC(), config.ledger().lease());
    }

    void closeClaimKeeper(@Disposes ClaimKeeper keeper) {
        keeper.close();
    }

    @Produces
    @Singleton
    BackupCreation creation(DynamoDbLedger ledger, AwsClients clients, Clock clock, TableLocks locks, RetryPolicy retry, WorkerMetrics metrics, ClaimKeeper claims,
                            WorkerConfig config) {
        String instance = config.instanceId().orElseGet(() -> "worker-" + UUID.randomUUID());
        return new BackupCreation(ledger, clients, clock, locks, retry, metrics, instance, claims,
                config.ledger().pollInterval(), config.availability().pollInterval(), config.availability().maxWait());
    }

    @Produces
    @Singleton
    RestorePermits restorePermits(WorkerConfig config) {
        return new RestorePermits(config.limits().concurrentRestores());
    }

    /** The restores, in the ledger table beside the dues (their items are keyed {@code restore-<id>}). */
    @Produces
    @Singleton
    BackupRestore restore(DynamoDbLedger ledger, AwsClients clients, Clock clock, RetryPolicy retry,
                          WorkerMetrics metrics, ClaimKeeper claims, RestorePermits permits, BackupCreation creation,
                          DynamoDbArchives archives, ArchiveCopy copies, WorkerConfig config) {
        return new BackupRestore(ledger, new DynamoDbRestores(ledger.client(), ledger.table()), clients, clock, retry,
                metrics, creation.instanceId(), claims, permits, config.ledger().pollInterval(),
                config.restore().pollInterval(), config.restore().maxWait()).withArchives(archives, copies);
    }

    /** The archive copies, in the ledger table beside the dues (their items are keyed {@code archive-<dueId>}). */
    @Produces
    @Singleton
    DynamoDbArchives archives(DynamoDbLedger ledger) {
        return new DynamoDbArchives(ledger.client(), ledger.table());
    }

    @Produces
    @Singleton
    ArchiveCopy archiveCopy(AwsClients clients, WorkerConfig config) {
        return new ArchiveCopy(clients, config.restore().pollInterval(), config.restore().maxWait());
    }

    @Produces
    @Singleton
    PointArchiving archiving(DynamoDbLedger ledger, DynamoDbArchives archives, ArchiveCopy copies,
                             DynamoDbLegalHolds holds, AwsClients clients, Clock clock, BackupCreation creation) {
        return new PointArchiving(ledger, archives, copies, holds, clients, clock, Clock.systemUTC(),
                creation.instanceId());
    }

    @Produces
    @Singleton
    BackupDeletion deletion(DynamoDbLedger ledger, AwsClients clients, Clock clock, TableLocks locks, RetryPolicy retry, WorkerMetrics metrics, DynamoDbLegalHolds holds,
                            DynamoDbArchives archives, ArchiveCopy copies, WorkerConfig config) {
        return new BackupDeletion(ledger, clients, clock, locks, retry, metrics, holds,
                config.deletion().clockGrace()).withArchives(archives, copies);
    }
}
