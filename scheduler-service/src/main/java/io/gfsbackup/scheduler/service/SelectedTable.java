package io.gfsbackup.scheduler.service;

import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.AwsAccount;

/** A table a policy selects, and how its account is reached: the policy's account entry, or null for the own. */
public record SelectedTable(TableRef table, AwsAccount account) {
}
