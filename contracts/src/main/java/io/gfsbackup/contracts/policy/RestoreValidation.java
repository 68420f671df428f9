package io.gfsbackup.contracts.policy;

/**
 * How a restore test checks its scratch table (docs/restore.md): the table must be ACTIVE; a {@code Scan} count of
 * it must agree with the item count DynamoDB gives for the backup within {@code itemCountTolerance} (a fraction of
 * that count: DynamoDB updates it only about every six hours); and {@code sampleItems} items, drawn with the run's
 * seed, must read back by their keys.
 */
public record RestoreValidation(double itemCountTolerance, int sampleItems) {

    public static final RestoreValidation DEFAULT = new RestoreValidation(0.1, 10);
}
