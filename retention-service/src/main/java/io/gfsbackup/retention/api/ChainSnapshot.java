package io.gfsbackup.retention.api;

import java.util.UUID;

import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.retention.BackupChain;

/**
 * What a snapshot of a chain holds, as the audit queries read it: the snapshot's payload is the chain's aggregate,
 * which the query side knows only through this view.
 */
public interface ChainSnapshot {

    UUID policyId();

    TableRef table();

    BackupChain chain();
}
