package io.gfsbackup.scheduler.rest;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import io.gfsbackup.scheduler.config.SchedulerLifecycle;
import io.gfsbackup.scheduler.config.SchedulerInstance;

/**
 * Liveness of the scheduling itself: the consumer of {@code policies} is running. The broker and the database
 * have their own readiness checks (Kafka connection, datasource).
 */
@Liveness
@ApplicationScoped
public class SchedulerHealthCheck implements HealthCheck {

    private final SchedulerLifecycle lifecycle;

    SchedulerHealthCheck(SchedulerLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Scheduler");
        SchedulerInstance instance = lifecycle.instance();
        if (!lifecycle.enabled()) {
            return response.up().withData("scheduling", "disabled").build();
        }
        if (instance == null) {
            return response.down().withData("scheduling", "not started").build();
        }
        response.status(instance.isConsuming())
                .withData("assignedPartitions", instance.assignedPartitions().toString())
                .withData("readyPartitions", instance.readyPartitions().toString());
        if (instance.lastPass() != null) {
            response.withData("lastPass", instance.lastPass().toString());
        }
        return response.build();
    }
}
