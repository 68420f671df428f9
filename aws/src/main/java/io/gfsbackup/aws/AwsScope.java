package io.gfsbackup.aws;

import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.AwsAccount;

/**
 * An account and region: the unit AWS counts its API quotas in. {@code accountId} is {@code ""} for the services'
 * own account when its id is not known (a scope is a key, not a proof of identity).
 */
public record AwsScope(String accountId, String region) {

    public AwsScope {
        accountId = accountId == null ? "" : accountId;
    }

    public static AwsScope of(TableRef table) {
        return new AwsScope(table.accountId(), table.region());
    }

    /** The scope of {@code account} ({@code null}: the services' own) in {@code region}. */
    public static AwsScope of(AwsAccount account, String region) {
        return new AwsScope(account == null ? null : account.accountId(), region);
    }

    @Override
    public String toString() {
        return (accountId.isEmpty() ? "own account" : accountId) + "/" + region;
    }
}
