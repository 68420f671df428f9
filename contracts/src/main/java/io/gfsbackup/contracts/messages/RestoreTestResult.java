package io.gfsbackup.contracts.messages;

import java.time.Instant;

/**
 * What a restore test's validation found: the backup's item count as DynamoDB gives it ({@code expectedItems}), the
 * scratch table's {@code Scan} count, the tolerance they had to agree within (a fraction of the expected count), how
 * many sampled items read back by key out of how many were drawn, whether all of it passed and, in words, why not;
 * {@code dropAt} is when the scratch table is dropped (the end of the test if it is not kept).
 */
public record RestoreTestResult(boolean passed, long expectedItems, long scannedItems, double tolerance,
                                int sampled, int readBack, String detail, Instant dropAt) {
}
