package io.gfsbackup.deploy.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Real Kafka consumers whose next commit a test can make fail: either the commit itself throws (an injected
 * failure), or the broker of a {@link KafkaOutageResource} is cut off just as the commit starts and connected again
 * a little later (an outage during a commit; the commit fails for real). Until a test arms it, a consumer behaves
 * exactly as a plain {@link KafkaConsumer}. Its API calls give up after {@link #API_TIMEOUT}, so that a commit
 * into an outage fails in seconds, as Kafka's default minute would make a test wait.
 */
public final class CommitFaults implements Function<Map<String, Object>, Consumer<String, String>> {

    /** How long a consumer's blocking calls (a commit among them) wait for the broker. */
    public static final Duration API_TIMEOUT = Duration.ofSeconds(3);

    private enum Fault { THROW, OUTAGE }

    private final AtomicReference<Fault> armed = new AtomicReference<>();
    private final AtomicReference<Duration> outage = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger failed = new AtomicInteger();

    @Override
    public Consumer<String, String> apply(Map<String, Object> config) {
        Map<String, Object> withTimeout = new HashMap<>(config);
        withTimeout.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) API_TIMEOUT.toMillis());
        return new KafkaConsumer<>(withTimeout, new StringDeserializer(), new StringDeserializer()) {
            @Override
            public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
                Fault fault = armed.getAndSet(null);
                if (fault == null) {
                    super.commitSync(offsets);
                    return;
                }
                failed.incrementAndGet();
                if (fault == Fault.THROW) {
                    throw new KafkaException("injected commit failure");
                }
                KafkaOutage.disconnectBroker();
                Thread reconnect = new Thread(() -> {
                    sleep(outage.get());
                    KafkaOutage.reconnectBroker();
                }, "commit-faults-reconnect");
                reconnect.setDaemon(true);
                reconnect.start();
                super.commitSync(offsets);
            }
        };
    }

    /** The next commit of any of these consumers throws. */
    public void failNextCommit() {
        armed.set(Fault.THROW);
    }

    /** The broker goes away as the next commit starts and comes back {@code duration} later. */
    public void outageDuringNextCommit(Duration duration) {
        outage.set(duration);
        armed.set(Fault.OUTAGE);
    }

    /** Whether an armed fault is still waiting for a commit. */
    public boolean armed() {
        return armed.get() != null;
    }

    /** How many commits were made to fail. */
    public int failedCommits() {
        return failed.get();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
