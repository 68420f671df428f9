package io.gfsbackup.operations.jobs;

import java.util.EnumSet;
import java.util.Set;

/**
 * The state of a job, as AWS Backup names them. The rank orders them: a job only moves to a state of a higher (or
 * equal) rank, so a message that arrives late (a due after its outcome, a start after its end) never moves a job
 * back. A deletion that failed may still complete (its dead letter replayed), so COMPLETED outranks FAILED there.
 * A restore is PENDING from its request until a worker starts it (RUNNING), then COMPLETED or FAILED. An archive job
 * is PENDING from the chain's first request, FAILED after a failed attempt, and COMPLETED once a copy is made (a
 * later attempt may complete a failed one).
 */
public enum JobState {
    CREATED(EnumSet.of(JobKind.BACKUP), 0),
    RUNNING(EnumSet.of(JobKind.BACKUP, JobKind.RESTORE, JobKind.RESTORE_TEST), 1),
    COMPLETED(EnumSet.allOf(JobKind.class), 3),
    FAILED(EnumSet.allOf(JobKind.class), 2),
    MISSED(EnumSet.of(JobKind.BACKUP), 2),
    PENDING(EnumSet.of(JobKind.DELETION, JobKind.RESTORE, JobKind.RESTORE_TEST, JobKind.ARCHIVE), 0),
    REFUSED(EnumSet.of(JobKind.DELETION), 2);

    private final Set<JobKind> kinds;
    private final int rank;

    JobState(Set<JobKind> kinds, int rank) {
        this.kinds = kinds;
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    /** Whether the job has ended in this state. */
    public boolean ended() {
        return rank >= 2;
    }

    /** The states a job of {@code kind} can be in. */
    public static Set<JobState> of(JobKind kind) {
        Set<JobState> states = EnumSet.noneOf(JobState.class);
        for (JobState state : values()) {
            if (state.kinds.contains(kind)) {
                states.add(state);
            }
        }
        return states;
    }
}
