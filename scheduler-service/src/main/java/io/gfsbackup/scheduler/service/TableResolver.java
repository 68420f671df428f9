package io.gfsbackup.scheduler.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    public TableResolver(TableInventory inventory, Duration maxAge) {
        this.inventory = inventory;
        this.maxAge = maxAge;
    }

    /** The selected tables: account by account, region by region, each by name. */
    public List<SelectedTable> resolve(TableSelection selection) {
        List<SelectedTable> selected = new ArrayList<>();
        for (Optional<AwsAccount> account : selection.accountsOrOwn()) {
            for (String region : selection.regions()) {
                Snapshot snapshot = inventory.snapshot(account.orElse(null), region, maxAge);
                for (Table table : snapshot.tables()) {
                    if (selection.selects(table.name(), table.tags())) {
                        selected.add(new SelectedTable(table.ref(), account.orElse(null)));
                    }
                }
            }
        }
        return selected;
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
