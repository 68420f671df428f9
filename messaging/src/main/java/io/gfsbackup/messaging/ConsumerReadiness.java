package io.gfsbackup.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The Kafka consumers a service watches, and their readiness ({@link ConsumerReadinessCheck} answers it): DOWN while any consumer it watches has not completed a poll, connected
 * to the cluster, for {@code gfs.messaging.stall-timeout} (default one minute). A broker outage or a consumer stuck
 * on one message takes the instance out of rotation, but never restarts it: this is readiness, not liveness. Each
 * consumer's seconds since its last completed poll are in the answer's data.
 */
@ApplicationScoped
public class ConsumerReadiness {

    public static final String NAME = "kafka-consumers";

    private final Set<PollWatch> watches = ConcurrentHashMap.newKeySet();
    private final Duration stallTimeout;
    private final Clock clock;

    @Inject
    public ConsumerReadiness(@ConfigProperty(name = "gfs.messaging.stall-timeout", defaultValue = "PT1M")
                             Duration stallTimeout) {
        this(stallTimeout, Clock.systemUTC());
    }

    public ConsumerReadiness(Duration stallTimeout, Clock clock) {
        this.stallTimeout = stallTimeout;
        this.clock = clock;
    }

    /** Watches a consumer from now on. */
    public void watch(PollWatch consumer) {
        watches.add(consumer);
    }

    /** Stops watching a consumer that was closed on purpose. */
    public void unwatch(PollWatch consumer) {
        watches.remove(consumer);
    }

    /** UP while every watched consumer has completed a poll within the stall timeout. */
    public HealthCheckResponse call() {
        return evaluate(watches, stallTimeout, clock.instant());
    }

    static HealthCheckResponse evaluate(Collection<PollWatch> consumers, Duration stallTimeout, Instant now) {
        HealthCheckResponseBuilder answer = HealthCheckResponse.named(NAME).up();
        for (PollWatch consumer : consumers) {
            Duration since = Duration.between(consumer.lastCompletedPoll(), now);
            answer.withData(consumer.name(), since.toSeconds() + " s since the last completed poll");
            if (since.compareTo(stallTimeout) > 0) {
                answer.down();
            }
        }
        return answer.build();
    }
}
