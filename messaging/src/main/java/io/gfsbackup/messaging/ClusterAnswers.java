package io.gfsbackup.messaging;

import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;

/**
 * Whether the cluster has answered a consumer since the last look: a fetch, or (in a group) a heartbeat, join or
 * sync ({@link ConsumerMetrics#answers}). A connection alone is not enough: a broker that does not accept the client
 * (no or wrong credentials on a SASL listener) lets it connect and then drops it. What a consumer's readiness is
 * judged by, for the shared loop and the worker's SmallRye channels alike. Used from the consumer's own thread; the
 * metric objects are looked up once per consumer (they live as long as the client).
 */
public final class ClusterAnswers {

    private Consumer<?, ?> consumer;
    private List<Metric> answers;
    private double answeredBefore;

    /** Whether {@code consumer} has had an answer since the last call; true when the client does not say. */
    public boolean since(Consumer<?, ?> consumer) {
        if (consumer != this.consumer) {
            this.consumer = consumer;
            this.answers = ConsumerMetrics.answers(consumer.metrics());
            this.answeredBefore = 0;
        }
        if (answers.isEmpty()) {
            return true;
        }
        double answered = ConsumerMetrics.answered(answers);
        boolean more = answered > answeredBefore;
        answeredBefore = answered;
        return more;
    }
}
