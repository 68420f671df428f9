package io.gfsbackup.worker.messaging;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.gfsbackup.contracts.messages.ArchiveRequested;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.worker.service.PointArchiving;

/**
 * Runs the archive copies that {@code retention-events} asks for on a pool of their own
 * ({@code gfs.worker.archive.concurrency} at once, default 2), so that a copy, which takes minutes on AWS, never holds
 * up a deletion, and publishes each outcome to {@code backup-events}. A request is taken off the topic when it is
 * queued here: if the worker stops before it ends, no outcome comes, and the chain asks again after its wait
 * (docs/archive.md, "Failures"); a copy made twice writes the same prefix.
 */
@ApplicationScoped
public class ArchiveRequests {

    private static final Logger LOG = Logger.getLogger(ArchiveRequests.class);

    private final PointArchiving archiving;
    private final OutcomePublisher publisher;
    private final ExecutorService pool;

    @Inject
    ArchiveRequests(PointArchiving archiving, OutcomePublisher publisher,
                    @ConfigProperty(name = "gfs.worker.archive.concurrency", defaultValue = "2") int concurrency) {
        this.archiving = archiving;
        this.publisher = publisher;
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "archive-copies");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Queues the copy of {@code request}'s point. */
    public void submit(ArchiveRequested request) {
        pool.execute(() -> {
            try {
                Message outcome = archiving.handle(request);
                publisher.publish(request.point().table().arn(), outcome);
            } catch (RuntimeException e) {
                LOG.errorf(e, "archive request %s (slot %s, attempt %d) ended without an outcome; the chain asks "
                        + "again", request.id(), request.point().slot(), request.attempt());
            }
        });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
