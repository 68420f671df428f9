package io.gfsbackup.operations.jobs;

import java.util.EnumSet;
import java.util.Set;

/**
 * The state of a job, as AWS Backup names them. The rank orders them: a job only moves to a state of a higher (or
 * equal) rank, so a message that arrives late (a due after its outcome, a start after its end) never moves a job
 * back. A deletion that failed may still complete (its dead letter replayed), so COMPLETED outranks FAILED there.
 */
public enum JobState {
    CREATED(JobKind.BACKUP, 0),
    RUNNING(JobKind.BACKUP, 1),
    COMPLETED(null, 3),
    FAILED(null, 2),
    MISSED(JobKind.BACKUP, 2),
    PENDING(JobKind.DELETION, 0),
    REFUSED(JobKind.DELETION, 2);

    private final JobKind only;
    private final int rank;

    JobState(JobKind only, int rank) {
        this.only = only;
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
            if (state.only == null || state.only == kind) {
                states.add(state);
            }
        }
        return states;
    }
}
