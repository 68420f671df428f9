package io.gfsbackup.policy.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gfsbackup.aws.AwsErrors;
import io.gfsbackup.aws.TableInventory;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.contracts.policy.TableSelection;

/**
 * Which tables a selection picks now, and why each table it sees is in or out: every table of the inventory in each
 * of its regions of each of its accounts, with the rule of {@link TableSelection#explain} that decides it. An
 * account or region that cannot be read (a role that cannot be assumed, a region the account does not use) is
 * reported as such, with the error, instead of failing the whole preview: the other scopes still answer.
 */
public final class SelectionPreview {

    /** The tables of one account and region, as the inventory read them ({@link TableInventory#snapshot}). */
    @FunctionalInterface
    public interface Inventory {
        /** {@code account} is {@code null} for the services' own account. */
        TableInventory.Snapshot list(AwsAccount account, String region);
    }

    /** The answer: one entry per account and region, and every table seen, selected ones first. */
    public record Preview(int selected, List<Scope> scopes, List<TableDecision> tables) {
    }

    /** An account and region: when its tables were read and how many, or why they could not be. */
    public record Scope(String accountId, String region, Instant readAt, int tables, String error) {
    }

    public record TableDecision(String accountId, String region, String name, String arn, boolean selected,
                                String rule, String reason, Map<String, String> tags) {
    }

    private final Inventory inventory;

    public SelectionPreview(Inventory inventory) {
        this.inventory = inventory;
    }

    public Preview preview(TableSelection selection) {
        List<Scope> scopes = new ArrayList<>();
        List<TableDecision> tables = new ArrayList<>();
        for (Optional<AwsAccount> account : selection.accountsOrOwn()) {
            for (String region : selection.regions()) {
                String accountId = account.map(AwsAccount::accountId).orElse(null);
                TableInventory.Snapshot listing;
                try {
                    listing = inventory.list(account.orElse(null), region);
                } catch (RuntimeException e) {
                    scopes.add(new Scope(accountId, region, null, 0, AwsErrors.describe(e)));
                    continue;
                }
                String scopeAccount = accountId != null ? accountId : listing.accountId();
                scopes.add(new Scope(scopeAccount, region, listing.readAt(), listing.tables().size(), null));
                for (TableInventory.Table table : listing.tables()) {
                    TableSelection.Reason reason = selection.explain(table.name(), table.tags());
                    tables.add(new TableDecision(scopeAccount, region, table.name(), table.arn(), reason.selected(),
                            reason.rule(), reason.detail(), table.tags()));
                }
            }
        }
        tables.sort(Comparator.comparing((TableDecision t) -> !t.selected())
                .thenComparing(t -> t.accountId() == null ? "" : t.accountId())
                .thenComparing(TableDecision::region).thenComparing(TableDecision::name));
        int selected = (int) tables.stream().filter(TableDecision::selected).count();
        return new Preview(selected, scopes, tables);
    }
}
