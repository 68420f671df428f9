package io.gfsbackup.operations.protection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.AwsErrors;
import io.gfsbackup.aws.AwsOperation;
import io.gfsbackup.aws.TableInventory;
import io.gfsbackup.aws.TableInventory.Scope;
import io.gfsbackup.aws.TableInventory.Snapshot;
import io.gfsbackup.aws.TableInventory.Table;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.operations.config.AwsConfig;
import io.gfsbackup.operations.config.InventoryConfig;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

/**
 * The tables of every account and region the report covers: those the latest version of every policy names (enabled
 * or not) and those of {@code gfs.operations.inventory.scopes}. A {@link TableInventory} of this service's own holds
 * them, read again in the background every {@code refresh-interval} (scopes side by side, each paced on its own), and
 * by a report when older than {@code max-age}, as the scheduler does. After each background read of a scope, the
 * point-in-time recovery of each of its tables is read ({@code DescribeContinuousBackups}, paced as
 * {@link AwsOperation#DESCRIBE_CONTINUOUS_BACKUPS}) and kept until the next one; a report never waits for it.
 *
 * <p>A scope whose read fails keeps the snapshot it had (reported as STALE) or none (UNREAD), with the error; a report
 * reads it again only a minute later (or after max-age, if shorter), the background refresh at its next interval.
 */
@ApplicationScoped
public class Inventories {

    private static final Logger LOG = Logger.getLogger(Inventories.class);
    /** Scopes read side by side by a report or a background refresh. */
    static final int READERS = 4;
    /** A report reads a scope whose read failed again only after this (or max-age, if shorter). */
    static final Duration FAILED_READ_BACKOFF = Duration.ofMinutes(1);

    /** The last failed read of a scope (wall time). */
    private record Failure(String error, Instant at) {
    }

    private final AwsClients clients;
    private final InventoryConfig config;
    private final Optional<String> configuredAccountId;
    private final ProtectionStore store;
    private final List<Scope> configured;
    private final Clock wall = Clock.systemUTC();
    private final TableInventory inventory;
    private final Map<Scope, Failure> failures = new ConcurrentHashMap<>();
    private final Map<String, String> pointInTimeRecovery = new ConcurrentHashMap<>();
    /** Reads for reports; the background refresh has its own, so a report never queues behind a refresh. */
    private final ExecutorService readers;
    private final ExecutorService refreshReaders;
    private ScheduledExecutorService refresher;
    private volatile String ownAccountId;

    /**
     * @throws IllegalArgumentException when {@code gfs.operations.inventory.scopes} is not valid (the service does
     *                                  not start)
     */
    Inventories(AwsClients clients, InventoryConfig config, AwsConfig aws, ProtectionStore store) {
        this.clients = clients;
        this.config = config;
        this.configuredAccountId = aws.accountId().filter(id -> !id.isBlank());
        this.store = store;
        this.configured = ConfiguredScopes.parse(config.scopes().orElse(List.of()));
        this.inventory = new TableInventory(clients, configuredAccountId, wall);
        this.readers = Executors.newFixedThreadPool(READERS, daemon("operations-inventory-read"));
        this.refreshReaders = Executors.newFixedThreadPool(READERS, daemon("operations-inventory-refresh-read"));
    }

    void start(@Observes StartupEvent event) {
        long interval = config.refreshInterval().toMillis();
        if (interval > 0) {
            refresher = Executors.newSingleThreadScheduledExecutor(daemon("operations-inventory-refresh"));
            refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, interval, TimeUnit.MILLISECONDS);
        }
        LOG.infof("protection inventory: %d configured account(s) and region(s) besides the policies', read again "
                + "every %s, used up to %s old", configured.size(), config.refreshInterval(), config.maxAge());
    }

    /** Every account and region: those the policies name, then the configured ones. */
    public Set<Scope> scopes(Collection<PolicyRow> policies) {
        Set<Scope> scopes = new LinkedHashSet<>();
        for (PolicyRow policy : policies) {
            for (Optional<AwsAccount> account : policy.policy().selection().accountsOrOwn()) {
                for (String region : policy.policy().selection().regions()) {
                    scopes.add(new Scope(account.orElse(null), region));
                }
            }
        }
        scopes.addAll(configured);
        return scopes;
    }

    /**
     * The tables of {@code scopes}: each read again first when {@code readIfOld} and what is held is older than
     * {@code max-age} (side by side), else only what is held. Never throws for a scope: its error is in its read.
     */
    public List<ScopeRead> read(Collection<Scope> scopes, boolean readIfOld) {
        List<CompletableFuture<ScopeRead>> reads = new ArrayList<>();
        for (Scope scope : scopes) {
            reads.add(readIfOld ? CompletableFuture.supplyAsync(() -> readIfOld(scope), readers)
                    : CompletableFuture.completedFuture(held(scope)));
        }
        return reads.stream().map(CompletableFuture::join).toList();
    }

    /** The point-in-time recovery of a table as last read ({@code ENABLED}, {@code DISABLED}); null if unknown. */
    public String pointInTimeRecovery(String tableArn) {
        return pointInTimeRecovery.get(tableArn);
    }

    /**
     * The services' own account id: configured, else from a read of the own account, else asked of STS once; null
     * when none of these can tell.
     */
    public String ownAccountId(List<ScopeRead> reads) {
        if (configuredAccountId.isPresent()) {
            return configuredAccountId.get();
        }
        if (ownAccountId != null) {
            return ownAccountId;
        }
        for (ScopeRead read : reads) {
            if (read.scope().account() == null && read.snapshot() != null && read.snapshot().accountId() != null) {
                ownAccountId = read.snapshot().accountId();
                return ownAccountId;
            }
        }
        try {
            ownAccountId = clients.ownAccountId();
        } catch (RuntimeException e) {
            LOG.debugf("the own account id could not be asked of STS (%s)", AwsErrors.describe(e));
        }
        return ownAccountId;
    }

    /** The background pass: every scope read now, then the point-in-time recovery of its tables. */
    public void refresh() {
        Set<Scope> scopes = scopes(store.policies());
        inventory.retain(scopes);
        failures.keySet().retainAll(scopes);
        List<CompletableFuture<Void>> passes = new ArrayList<>();
        for (Scope scope : scopes) {
            passes.add(CompletableFuture.runAsync(() -> refresh(scope), refreshReaders));
        }
        passes.forEach(CompletableFuture::join);
        Set<String> listed = new HashSet<>();
        for (Scope scope : scopes) {
            inventory.held(scope.account(), scope.region())
                    .ifPresent(snapshot -> snapshot.tables().forEach(table -> listed.add(table.arn())));
        }
        pointInTimeRecovery.keySet().retainAll(listed);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("the protection inventory could not be refreshed (%s); it is tried again at the next interval",
                    e.getMessage());
        }
    }

    private void refresh(Scope scope) {
        Snapshot snapshot;
        try {
            snapshot = inventory.refresh(scope.account(), scope.region());
        } catch (RuntimeException e) {
            failed(scope, e);
            LOG.warnf("the inventory of %s could not be read (%s); it is tried again at the next refresh", scope,
                    AwsErrors.describe(e));
            return;
        }
        readPointInTimeRecovery(scope, snapshot);
    }

    /**
     * Reads whether point-in-time recovery is on for each table of the snapshot. A table deleted meanwhile is
     * forgotten; on any other error the scope's remaining tables keep what was read before (or stay unknown) until
     * the next refresh, so a role without the permission costs one refused call per refresh, not one per table.
     */
    private void readPointInTimeRecovery(Scope scope, Snapshot snapshot) {
        DynamoDbClient dynamoDb = clients.dynamoDb(scope.account(), scope.region());
        for (Table table : snapshot.tables()) {
            try {
                ContinuousBackupsDescription description = clients.limits().call(
                        AwsOperation.DESCRIBE_CONTINUOUS_BACKUPS, scope.awsScope(),
                        () -> dynamoDb.describeContinuousBackups(request -> request.tableName(table.name())))
                        .continuousBackupsDescription();
                PointInTimeRecoveryDescription pitr = description == null ? null
                        : description.pointInTimeRecoveryDescription();
                if (pitr == null || pitr.pointInTimeRecoveryStatus() == null) {
                    pointInTimeRecovery.remove(table.arn());
                } else {
                    pointInTimeRecovery.put(table.arn(), pitr.pointInTimeRecoveryStatusAsString());
                }
            } catch (TableNotFoundException | ResourceNotFoundException deleted) {
                pointInTimeRecovery.remove(table.arn());
            } catch (RuntimeException e) {
                LOG.warnf("point-in-time recovery of the tables of %s could not be read (%s); tried again at the "
                        + "next refresh", scope, AwsErrors.describe(e));
                return;
            }
        }
    }

    private ScopeRead readIfOld(Scope scope) {
        Failure failure = failures.get(scope);
        Duration backoff = config.maxAge().compareTo(FAILED_READ_BACKOFF) < 0 ? config.maxAge() : FAILED_READ_BACKOFF;
        if (failure != null && failure.at().plus(backoff).isAfter(wall.instant())) {
            return held(scope); // failed moments ago: a report does not wait for the same error again
        }
        try {
            Instant before = inventory.held(scope.account(), scope.region()).map(Snapshot::readAt).orElse(null);
            Snapshot snapshot = inventory.snapshot(scope.account(), scope.region(), config.maxAge());
            if (!snapshot.readAt().equals(before)) {
                // a scope read for a report (first, or after max-age): its tables' point-in-time recovery follows
                // in the background, as after a refresh, instead of waiting for the next refresh
                CompletableFuture.runAsync(() -> readPointInTimeRecovery(scope, snapshot), refreshReaders);
            }
        } catch (RuntimeException e) {
            failed(scope, e);
            LOG.debugf("the inventory of %s could not be read for a report (%s)", scope, AwsErrors.describe(e));
        }
        return held(scope);
    }

    private ScopeRead held(Scope scope) {
        Snapshot snapshot = inventory.held(scope.account(), scope.region()).orElse(null);
        Failure failure = failures.get(scope);
        if (failure != null && snapshot != null && snapshot.readAt().isAfter(failure.at())) {
            failures.remove(scope, failure); // a later read succeeded
            failure = null;
        }
        return failure == null ? new ScopeRead(scope, snapshot, null, null)
                : new ScopeRead(scope, snapshot, failure.error(), failure.at());
    }

    private void failed(Scope scope, RuntimeException e) {
        failures.put(scope, new Failure(AwsErrors.describe(e), wall.instant()));
    }

    @PreDestroy
    void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        readers.shutdownNow();
        refreshReaders.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
