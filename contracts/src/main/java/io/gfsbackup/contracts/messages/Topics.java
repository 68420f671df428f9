package io.gfsbackup.contracts.messages;

/** The Kafka topics (architecture, "Topics"). Keys: the policy id on {@link #POLICIES}, the table ARN elsewhere. */
public final class Topics {

    /** Compacted: {@link PolicyUpserted}, and a tombstone when a policy is deleted. */
    public static final String POLICIES = "policies";
    /** {@link BackupDue}, from the scheduler to the workers. */
    public static final String BACKUP_DUE = "backup-due";
    /**
     * {@link BackupStarted}, {@link BackupCreated}, {@link BackupFailed}, {@link BackupMissed}, {@link BackupDeleted};
     * {@link RestoreStarted}, {@link RestoreProgressed}, {@link RestoreEnded}, {@link ScratchTableDropped}; and
     * {@link PointArchived}, {@link ArchiveFailed}; keyed by the source table's ARN.
     */
    public static final String BACKUP_EVENTS = "backup-events";
    /**
     * {@link FlagUnassigned}, {@link PointExpired}, {@link RetentionGap}, from retention, keyed by table ARN; and
     * {@link DeletionsPaused} and {@link DeletionsResumed}, keyed by policy id, for operators.
     */
    public static final String RETENTION_EVENTS = "retention-events";
    /**
     * {@link RestoreRequested} and {@link ScratchTableExpired}, from the operations service to the workers, keyed by
     * the source table's ARN.
     */
    public static final String RESTORE_REQUESTS = "restore-requests";
    /** Compacted: the current instant in test and demo profiles. */
    public static final String CLOCK = "clock";

    private static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    /** The dead-letter topic of {@code topic}: where a message that could not be handled goes. */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
