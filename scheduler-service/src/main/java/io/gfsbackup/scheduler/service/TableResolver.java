package io.gfsbackup.scheduler.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import io.gfsbackup.aws.TableInventory;
import io.gfsbackup.aws.TableInventory.Scope;
import io.gfsbackup.aws.TableInventory.Snapshot;
import io.gfsbackup.aws.TableInventory.Table;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.TableSelection;

/**
 * The tables a policy selects (retention-semantics, section 1), from the {@link TableInventory}: every table of each
 * region of {@link TableSelection#regions()} in each account of {@link TableSelection#accountsOrOwn()} that
 * {@link TableSelection#selects} accepts with the tags the inventory holds. No call per table: a scope whose
 * inventory is older than {@code maxAge} is read again (ListTables and GetResources, in pages) before it is used.
 */
public final class TableResolver {

    private final TableInventory inventory;
    private final Duration maxAge;
    private final Executor readers;

    /**
     * {@code readers} read the scopes of one selection side by side: each account and region is paced on its own,
     * so a cold slot over four of them waits for the slowest, not for their sum.
     */
    public TableResolver(TableInventory inventory, Duration maxAge, Executor readers) {
        this.inventory = inventory;
        this.maxAge = maxAge;
        this.readers = readers;
    }

    /** Reads the scopes one after another (tests). */
    public TableResolver(TableInventory inventory, Duration maxAge) {
        this(inventory, maxAge, Runnable::run);
    }

    /**
     * The selected tables, interleaved across accounts and regions: the first of each account and region, then the
     * second of each, and so on (each account's and region's in name order). The worker paces CreateBackup per
     * account and region, so dues sent one scope after another would leave the other scopes' permits unused while
     * every worker thread waits on the first scope's; interleaved, all scopes are worked on at once
     * (docs/benchmarks-worker.md, section 5).
     */
    public List<SelectedTable> resolve(TableSelection selection) {
        Map<Scope, CompletableFuture<Snapshot>> reads = new LinkedHashMap<>();
        for (Scope scope : scopes(selection)) {
            reads.put(scope, CompletableFuture.supplyAsync(
                    () -> inventory.snapshot(scope.account(), scope.region(), maxAge), readers));
        }
        List<List<SelectedTable>> byScope = new ArrayList<>();
        int total = 0;
        for (Map.Entry<Scope, CompletableFuture<Snapshot>> read : reads.entrySet()) {
            List<SelectedTable> ofScope = new ArrayList<>();
            for (Table table : join(read.getValue()).tables()) {
                if (selection.selects(table.name(), table.tags())) {
                    ofScope.add(new SelectedTable(table.ref(), read.getKey().account()));
                }
            }
            byScope.add(ofScope);
            total += ofScope.size();
        }
        List<SelectedTable> selected = new ArrayList<>(total);
        for (int i = 0; selected.size() < total; i++) {
            for (List<SelectedTable> ofScope : byScope) {
                if (i < ofScope.size()) {
                    selected.add(ofScope.get(i));
                }
            }
        }
        return selected;
    }

    /** The snapshot, or what its read threw, as it threw it. */
    private static Snapshot join(CompletableFuture<Snapshot> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The accounts and regions a selection reads from. */
    public static Set<Scope> scopes(TableSelection selection) {
        Set<Scope> scopes = new LinkedHashSet<>();
        for (Optional<AwsAccount> account : selection.accountsOrOwn()) {
            for (String region : selection.regions()) {
                scopes.add(new Scope(account.orElse(null), region));
            }
        }
        return scopes;
    }
}
