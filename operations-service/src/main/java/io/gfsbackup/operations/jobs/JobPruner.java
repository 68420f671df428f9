package io.gfsbackup.operations.jobs;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/** Deletes jobs older than their retention ({@code gfs.operations.jobs.retention}, default 90 days). */
@ApplicationScoped
public class JobPruner {

    private static final Logger LOG = Logger.getLogger(JobPruner.class);

    @Inject
    JobStore jobs;

    @Inject
    Clock clock;

    @ConfigProperty(name = "gfs.operations.jobs.retention", defaultValue = "P90D")
    Duration retention;

    @Scheduled(every = "${gfs.operations.jobs.prune-interval:PT1H}", delayed = "PT30S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pass() {
        prune();
    }

    /** Prunes now; returns how many jobs went. */
    public int prune() {
        try {
            int pruned = jobs.prune(clock.instant(), retention);
            if (pruned > 0) {
                LOG.infof("%d jobs older than %s pruned", pruned, retention);
            }
            return pruned;
        } catch (RuntimeException e) {
            LOG.warnf("jobs could not be pruned (%s); tried again on the next pass", e.getMessage());
            return 0;
        }
    }
}
