package io.gfsbackup.operations.protection;

/**
 * The status of a table in the protection report (docs/operations.md, "Protection report"), in the order they are
 * decided: GONE before the others, UNPROTECTED and IGNORED before AT_RISK, PROTECTED when nothing else applies.
 */
public enum ProtectionStatus {
    /** Selected by an enabled policy, backed up on time, nothing open. */
    PROTECTED,
    /** Selected, but something needs a look: see the table's statusReasons. */
    AT_RISK,
    /** Selected by no enabled policy. */
    UNPROTECTED,
    /** Selected by no enabled policy, and matched by {@code gfs.operations.protection.ignore}. */
    IGNORED,
    /** No longer in the inventory of its account and region; its restore points remain until they expire. */
    GONE
}
