package io.gfsbackup.operations.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.gfsbackup.operations.jobs.JobKind;
import io.gfsbackup.operations.jobs.JobState;

/** The groups the decider notifies about, as it reads them from the projection. */
final class Groups {

    private Groups() {
    }

    /** One job of a group: its table, state, attempts and error (a deletion's also its backup). */
    record Job(String tableArn, JobState state, int attempts, String error, String backupArn) {
    }

    /**
     * The backup jobs of a policy's slot whose start window has closed, or the deletion jobs of a policy whose points
     * expired at one instant ({@code at}); {@code windowEnd} is when the group was due to be over (the start window's
     * end, or the expiry).
     */
    record JobGroup(JobKind kind, UUID policyId, String policyName, Instant at, Instant windowEnd, List<Job> jobs) {

        List<Job> in(JobState state) {
            return jobs.stream().filter(job -> job.state() == state).toList();
        }

        List<Job> open() {
            return jobs.stream().filter(job -> !job.state().ended()).toList();
        }
    }

    /** One table's gap: no point carries {@code tier} in {@code [periodStart, periodEnd)}. */
    record Gap(String tableArn, String tier, Instant periodStart, Instant periodEnd) {
    }

    /** The retention gaps of a policy that end at one instant. */
    record GapGroup(UUID policyId, String policyName, Instant periodEnd, List<Gap> gaps) {
    }

    /** A pause of a policy's deletions. */
    record Pause(UUID policyId, String policyName, Instant pausedAt, String cause, String reason, Instant resumedAt) {
    }

    /** A policy's jobs of a digest's 24 hours: counts by kind and state, and the jobs that did not succeed. */
    record Digest(UUID policyId, String policyName, Instant from, Instant to, Map<JobKind, Map<JobState, Integer>> counts,
                  List<Job> failures) {
    }

    /** One restore of a run of a restore test: its source table, state, error and scratch table. */
    record TestRestore(String tableArn, String state, String error, String target) {

        boolean open() {
            return "PENDING".equals(state) || "RESTORING".equals(state);
        }
    }

    /**
     * A run of a policy's restore test at {@code slot}, with its seed, the reason when it had nothing to restore,
     * and its restores.
     */
    record TestRun(UUID policyId, String policyName, Instant slot, long seed, String reason, Instant runAt,
                   List<TestRestore> restores) {

        List<TestRestore> open() {
            return restores.stream().filter(TestRestore::open).toList();
        }

        List<TestRestore> failed() {
            return restores.stream().filter(restore -> "FAILED".equals(restore.state())).toList();
        }
    }

    /** A restore an operator asked for that failed. */
    /** A failed attempt to archive a point: its job, the attempt's end and error. */
    record FailedArchive(UUID jobId, UUID policyId, String policyName, String tableArn, Instant slot,
                         String backupArn, Instant failedAt, String error) {
    }

    record FailedRestore(UUID id, UUID policyId, String policyName, String tableArn, Instant slot, String backupArn,
                         String target, String requestedBy, Instant requestedAt, Instant endedAt, String error) {
    }
}
