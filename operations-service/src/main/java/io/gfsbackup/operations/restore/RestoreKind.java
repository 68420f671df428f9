package io.gfsbackup.operations.restore;

import io.gfsbackup.operations.jobs.JobKind;

/** A restore an operator asked for, or one made by a run of a policy's restore test (to a scratch table). */
public enum RestoreKind {
    RESTORE(JobKind.RESTORE),
    RESTORE_TEST(JobKind.RESTORE_TEST);

    private final JobKind job;

    RestoreKind(JobKind job) {
        this.job = job;
    }

    /** The kind of the restore's job in the jobs list. */
    public JobKind job() {
        return job;
    }
}
