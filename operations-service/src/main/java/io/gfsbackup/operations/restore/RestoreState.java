package io.gfsbackup.operations.restore;

import io.gfsbackup.operations.jobs.JobState;

/**
 * The state of a restore: PENDING from the request until a worker starts it (requests beyond the worker's pool wait
 * on the topic), RESTORING while the worker restores (and, for a test, validates), then COMPLETED or FAILED. A
 * restore only moves to a state of a higher rank, so a late or repeated message never moves it back.
 */
public enum RestoreState {
    PENDING(0, JobState.PENDING),
    RESTORING(1, JobState.RUNNING),
    COMPLETED(2, JobState.COMPLETED),
    FAILED(2, JobState.FAILED);

    private final int rank;
    private final JobState job;

    RestoreState(int rank, JobState job) {
        this.rank = rank;
        this.job = job;
    }

    public int rank() {
        return rank;
    }

    /** The state of the restore's job in the jobs list. */
    public JobState job() {
        return job;
    }

    public boolean ended() {
        return rank >= 2;
    }
}
