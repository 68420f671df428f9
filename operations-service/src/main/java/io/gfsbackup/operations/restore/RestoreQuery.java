package io.gfsbackup.operations.restore;

import java.util.Set;
import java.util.UUID;

import io.gfsbackup.operations.jobs.JobCursor;

/**
 * A filter of the restores list; every part is optional. {@code table} is a source or target table name or ARN;
 * {@code after} is the cursor of the last restore of the previous page (restores are listed newest request first).
 */
public record RestoreQuery(Set<RestoreState> states, RestoreKind kind, UUID policyId, String table, JobCursor after,
                           int limit) {
}
