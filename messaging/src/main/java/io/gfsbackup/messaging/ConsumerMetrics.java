package io.gfsbackup.messaging;

import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** The Kafka consumer metrics the readiness of consumers reads, found once by name in a client's metrics. */
public final class ConsumerMetrics {

    /** Live connections of the client to the cluster. */
    public static final String CONNECTION_COUNT = "connection-count";
    /** Seconds since the client's last call of poll. */
    public static final String LAST_POLL_SECONDS_AGO = "last-poll-seconds-ago";

    private static final String GROUP = "consumer-metrics";

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

    /** A metric's value as a number, or {@code otherwise} when it has none. */
    public static double value(Optional<Metric> metric, double otherwise) {
        return metric.map(Metric::metricValue).filter(Number.class::isInstance)
                .map(value -> ((Number) value).doubleValue()).orElse(otherwise);
    }
}
