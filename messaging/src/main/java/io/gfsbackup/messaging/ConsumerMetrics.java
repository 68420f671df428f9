package io.gfsbackup.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** The Kafka consumer metrics the readiness of consumers reads, found once by name in a client's metrics. */
public final class ConsumerMetrics {

    /** Seconds since the client's last call of poll. */
    public static final String LAST_POLL_SECONDS_AGO = "last-poll-seconds-ago";

    private static final String GROUP = "consumer-metrics";
    /**
     * The counts of the answers a broker gives only to a client it has accepted (authenticated, authorized): fetch
     * responses, and the group coordinator's answers to heartbeats, joins and syncs.
     */
    private static final Map<String, List<String>> ANSWERS = Map.of(
            "consumer-fetch-manager-metrics", List.of("fetch-total"),
            "consumer-coordinator-metrics", List.of("heartbeat-total", "join-total", "sync-total"));

    private ConsumerMetrics() {
    }

    /** The consumer-level metric of that name, if the client has it. */
    public static Optional<Metric> find(Map<MetricName, ? extends Metric> metrics, String name) {
        for (Map.Entry<MetricName, ? extends Metric> metric : metrics.entrySet()) {
            if (metric.getKey().name().equals(name) && metric.getKey().group().equals(GROUP)) {
                return Optional.of(metric.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * The client's counts of answers from the cluster ({@link #answered}): they grow while the brokers serve the
     * client. A client that reaches a broker's port but is not let in (a client without credentials on a SASL
     * listener has connections, dropped and made again) gets none.
     */
    public static List<Metric> answers(Map<MetricName, ? extends Metric> metrics) {
        List<Metric> answers = new ArrayList<>();
        for (Map.Entry<MetricName, ? extends Metric> metric : metrics.entrySet()) {
            List<String> names = ANSWERS.get(metric.getKey().group());
            if (names != null && names.contains(metric.getKey().name())
                    && metric.getKey().tags().keySet().equals(java.util.Set.of("client-id"))) {
                answers.add(metric.getValue());
            }
        }
        return answers;
    }

    /** How many answers the client has had from the cluster, by the counts of {@link #answers}. */
    public static double answered(List<Metric> answers) {
        double sum = 0;
        for (Metric answer : answers) {
            sum += value(Optional.of(answer), 0);
        }
        return sum;
    }

    /** A metric's value as a number, or {@code otherwise} when it has none. */
    public static double value(Optional<Metric> metric, double otherwise) {
        return metric.map(Metric::metricValue).filter(Number.class::isInstance)
                .map(value -> ((Number) value).doubleValue()).orElse(otherwise);
    }
}
