package io.gfsbackup.operations.jobs;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A filter of the jobs list; every part is optional. {@code table} is a table name or ARN; {@code from} and {@code to}
 * bound the job's creation (its slot for a backup, its expiry for a deletion), {@code from} inclusive, {@code to}
 * exclusive. {@code after} is the cursor of the last job of the previous page.
 */
public record JobQuery(UUID policyId, String table, String accountId, Set<JobState> states, JobKind kind,
                       Instant from, Instant to, JobCursor after, int limit) {
}
