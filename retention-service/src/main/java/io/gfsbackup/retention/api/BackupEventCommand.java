package io.gfsbackup.retention.api;

import java.util.UUID;

/** A command made from one {@code backup-events} message, for the chain it names. */
public sealed interface BackupEventCommand permits RecordBackupCreated, RecordLostSlot, RecordBackupDeleted,
        RecordRestoreStarted, RecordRestoreEnded, RecordArchiveOutcome {

    UUID chainId();
}
