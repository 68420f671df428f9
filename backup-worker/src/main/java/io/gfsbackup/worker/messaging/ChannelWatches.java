package io.gfsbackup.worker.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.Consumer;

import io.gfsbackup.messaging.ClusterAnswers;
import io.gfsbackup.messaging.ConsumerMetrics;
import io.gfsbackup.messaging.ConsumerReadiness;
import io.gfsbackup.messaging.PollWatch;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/**
 * The worker's SmallRye channels as the shared consumer readiness watches them. SmallRye polls on a thread of its
 * own, also while processing lags (it pauses the partitions and goes on polling), so a channel's consumer counts as
 * having completed a poll when its Kafka client says that it polled within the last seconds and the cluster has
 * answered it since the last look (a fetch, a heartbeat: {@link ConsumerMetrics#answers}). A connection alone is not
 * enough: a broker that does not let the client in (no or wrong credentials on a SASL listener) lets it connect
 * and drops it. The metrics are read on the polling thread (a Kafka consumer allows no other), each time the
 * readiness is asked.
 */
@ApplicationScoped
public class ChannelWatches {

    private static final Duration RECENT_POLL = Duration.ofSeconds(5);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);

    private final KafkaClientService clients;
    private final ConsumerReadiness readiness;
    private final List<Channel> channels;

    ChannelWatches(KafkaClientService clients, ConsumerReadiness readiness) {
        this.clients = clients;
        this.readiness = readiness;
        this.channels = List.of(new Channel(BackupDueConsumer.BACKUP_DUE),
                new Channel(RetentionEventConsumer.RETENTION_EVENTS), new Channel(RestoreRequestConsumer.RESTORE_REQUESTS));
    }

    void onStart(@Observes StartupEvent event) {
        channels.forEach(readiness::watch);
    }

    void onStop(@Observes ShutdownEvent event) {
        channels.forEach(readiness::unwatch);
    }

    /** One channel's consumer. */
    private final class Channel implements PollWatch {
        private final String name;
        private final Clock wallClock = Clock.systemUTC();
        private volatile Instant lastSeenPolling = wallClock.instant();
        /** Whether the cluster answered the consumer since the last look (on its polling thread only). */
        private final ClusterAnswers answers = new ClusterAnswers();

        Channel(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Instant lastCompletedPoll() {
            if (pollingNow()) {
                lastSeenPolling = wallClock.instant();
            }
            return lastSeenPolling;
        }

        private boolean pollingNow() {
            KafkaConsumer<Object, Object> consumer = clients.getConsumer(name);
            if (consumer == null) {
                return false;
            }
            try {
                Function<Consumer<Object, Object>, Boolean> healthy = kafka -> {
                    boolean answeredSince = answers.since(kafka);
                    double lastPollSecondsAgo = ConsumerMetrics.value(
                            ConsumerMetrics.find(kafka.metrics(), ConsumerMetrics.LAST_POLL_SECONDS_AGO), Double.MAX_VALUE);
                    return answeredSince && lastPollSecondsAgo <= RECENT_POLL.toSeconds();
                };
                return consumer.runOnPollingThread(healthy).await().atMost(ASK_TIMEOUT);
            } catch (RuntimeException unanswered) {
                return false;
            }
        }
    }
}
