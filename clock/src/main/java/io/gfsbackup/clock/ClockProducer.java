package io.gfsbackup.clock;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.messaging.ConsumerReadiness;
import io.gfsbackup.messaging.KafkaClientSettings;

/**
 * The {@link Clock} every decision of a service reads (inject {@code Clock}). {@code gfs.clock.source=system}
 * (the default, production) is the system clock; {@code gfs.clock.source=kafka} is a {@link TopicClock} on the
 * {@code clock} topic, for tests and the demo, where a driver moves time for all services at once.
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock(@ConfigProperty(name = "gfs.clock.source", defaultValue = "system") String source,
                KafkaClientSettings kafka, ConsumerReadiness readiness) {
        return switch (source) {
            case "system" -> Clock.systemUTC();
            case "kafka" -> {
                TopicClock clock = TopicClock.start(kafka, Topics.CLOCK);
                readiness.watch(clock.pollWatch());
                yield clock;
            }
            default -> throw new IllegalArgumentException("gfs.clock.source=" + source
                    + " is not a clock source; use system or kafka");
        };
    }

    void close(@Disposes Clock clock) {
        if (clock instanceof TopicClock topicClock) {
            topicClock.close();
        }
    }
}
