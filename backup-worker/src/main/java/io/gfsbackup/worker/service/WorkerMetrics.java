package io.gfsbackup.worker.service;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The worker's meters, at /q/metrics with the prefix {@code gfs_worker_}. */
public final class WorkerMetrics {

    private final Counter created;
    private final Counter failed;
    private final Counter missed;
    private final Counter retried;
    private final Counter deleted;
    private final Counter alreadyGone;
    private final Counter republished;
    private final Counter stillCreating;
    private final Counter refused;
    private final Timer slotToAvailable;
    private final Timer rateLimitWait;
    private final Counter restoresStarted;
    private final Counter restoresCompleted;
    private final Counter restoresFailed;
    private final Counter deletionsDeferred;
    private final Timer timeToRestore;

    public WorkerMetrics(MeterRegistry registry) {
        created = Counter.builder("gfs.worker.backups.created").description("backups made AVAILABLE").register(registry);
        failed = Counter.builder("gfs.worker.backups.failed").description("dues given up (BackupFailed)").register(registry);
        missed = Counter.builder("gfs.worker.backups.missed").description("dues that arrived after their start window").register(registry);
        retried = Counter.builder("gfs.worker.calls.retried").description("CreateBackup/DeleteBackup calls tried again").register(registry);
        deleted = Counter.builder("gfs.worker.backups.deleted").description("backups deleted for expired points").register(registry);
        alreadyGone = Counter.builder("gfs.worker.backups.already.gone").description("expired points whose backup was already gone").register(registry);
        stillCreating = Counter.builder("gfs.worker.backups.still.creating").description("backups still CREATING when the wait ended, followed on from the ledger").register(registry);
        refused = Counter.builder("gfs.worker.deletions.refused").description("PointExpired messages refused: a backup this system did not make, a held point, or one that cannot have expired yet").register(registry);
        republished = Counter.builder("gfs.worker.outcomes.republished").description("outcomes re-published from the ledger for a redelivered message").register(registry);
        slotToAvailable = Timer.builder("gfs.worker.slot.to.available").description("from the slot instant to the backup being AVAILABLE")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        restoresStarted = Counter.builder("gfs.worker.restores.started").description("restores claimed and started (a takeover starts again)").register(registry);
        restoresCompleted = Counter.builder("gfs.worker.restores.completed").description("restores whose table is ACTIVE (and, for a test, passed its validation)").register(registry);
        restoresFailed = Counter.builder("gfs.worker.restores.failed").description("restores that failed, tests whose validation failed included").register(registry);
        deletionsDeferred = Counter.builder("gfs.worker.deletions.deferred").description("deletions deferred because a restore of the point was in progress (each attempt counts)").register(registry);
        timeToRestore = Timer.builder("gfs.worker.restore.time").description("from a restore's first RestoreTableFromBackup call to its table being ACTIVE").register(registry);
        rateLimitWait = Timer.builder("gfs.worker.rate.limit.wait").description("time spent waiting for a CreateBackup/DeleteBackup permit").register(registry);
    }

    public void created(Duration sinceSlot) {
        created.increment();
        slotToAvailable.record(sinceSlot.isNegative() ? Duration.ZERO : sinceSlot);
    }

    public void failed() {
        failed.increment();
    }

    public void missed() {
        missed.increment();
    }

    public void retried() {
        retried.increment();
    }

    public void deleted(boolean gone) {
        (gone ? alreadyGone : deleted).increment();
    }

    public void stillCreating() {
        stillCreating.increment();
    }

    public void refused() {
        refused.increment();
    }

    public void republished() {
        republished.increment();
    }

    public void restoreStarted() {
        restoresStarted.increment();
    }

    /** A restore ended; {@code timeToRestore} is null when its table never was ACTIVE. */
    public void restoreEnded(boolean completed, Duration timeToRestore) {
        (completed ? restoresCompleted : restoresFailed).increment();
        if (timeToRestore != null) {
            this.timeToRestore.record(timeToRestore.isNegative() ? Duration.ZERO : timeToRestore);
        }
    }

    public void deletionDeferred() {
        deletionsDeferred.increment();
    }

    public void waitedForRateLimit(long nanos) {
        if (nanos > 0) {
            rateLimitWait.record(Duration.ofNanos(nanos));
        }
    }
}
