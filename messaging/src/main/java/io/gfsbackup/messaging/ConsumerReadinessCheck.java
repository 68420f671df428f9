package io.gfsbackup.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The readiness check of the watched consumers ({@link ConsumerReadiness}), in {@code /q/health/ready}. */
@Readiness
@ApplicationScoped
public class ConsumerReadinessCheck implements HealthCheck {

    private final ConsumerReadiness consumers;

    ConsumerReadinessCheck(ConsumerReadiness consumers) {
        this.consumers = consumers;
    }

    @Override
    public HealthCheckResponse call() {
        return consumers.call();
    }
}
