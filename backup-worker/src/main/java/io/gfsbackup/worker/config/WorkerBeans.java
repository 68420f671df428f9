package io.gfsbackup.worker.config;

import io.gfsbackup.aws.AwsErrors;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.gfsbackup.worker.persistence.DynamoDbLedger;
import io.gfsbackup.worker.persistence.DynamoDbLegalHolds;
import io.gfsbackup.worker.persistence.LedgerClient;
import io.quarkus.runtime.Startup;
import io.gfsbackup.worker.service.BackupCreation;
import io.gfsbackup.worker.service.BackupDeletion;
import io.gfsbackup.worker.service.ClaimKeeper;
import io.gfsbackup.worker.service.DynamoDbClients;
import io.gfsbackup.worker.service.RateLimits;
import io.gfsbackup.worker.service.RetryPolicy;
import io.gfsbackup.worker.service.TableLocks;
import io.gfsbackup.worker.service.WorkerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Wires the handling core (plain classes in {@code service/} and {@code persistence/}) from configuration. One
 * {@link TableLocks} and one {@link RateLimits} serve both consumers.
 */
@ApplicationScoped
public class WorkerBeans {

    private static final Logger LOG = Logger.getLogger(WorkerBeans.class);

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

    @Produces
    @Singleton
    DynamoDbClients clients(DynamoDbClient dynamo,
                            @ConfigProperty(name = "quarkus.dynamodb.aws.region") Optional<String> region,
                            @ConfigProperty(name = "quarkus.dynamodb.endpoint-override") Optional<URI> endpoint) {
        return new DynamoDbClients(dynamo, region, endpoint);
    }

    void close(@Disposes DynamoDbClients clients) {
        clients.close();
    }

    @Produces
    @Singleton
    RateLimits rateLimits(WorkerConfig config) {
        LOG.infof("rate limits per account and region: CreateBackup %s/s, DeleteBackup %s/s (0 = no cap)",
                config.limits().createBackupsPerSecond(), config.limits().deleteBackupsPerSecond());
        return new RateLimits(config.limits().createBackupsPerSecond(), config.limits().deleteBackupsPerSecond());
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
    BackupCreation creation(DynamoDbLedger ledger, DynamoDbClients clients, Clock clock, RateLimits limits,
                            TableLocks locks, RetryPolicy retry, WorkerMetrics metrics, ClaimKeeper claims,
                            WorkerConfig config) {
        String instance = config.instanceId().orElseGet(() -> "worker-" + UUID.randomUUID());
        return new BackupCreation(ledger, clients, clock, limits, locks, retry, metrics, instance, claims,
                config.ledger().pollInterval(), config.availability().pollInterval(), config.availability().maxWait());
    }

    @Produces
    @Singleton
    BackupDeletion deletion(DynamoDbLedger ledger, DynamoDbClients clients, Clock clock, RateLimits limits,
                            TableLocks locks, RetryPolicy retry, WorkerMetrics metrics, DynamoDbLegalHolds holds,
                            WorkerConfig config) {
        return new BackupDeletion(ledger, clients, clock, limits, locks, retry, metrics, holds,
                config.deletion().clockGrace());
    }
}
