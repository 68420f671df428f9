package io.gfsbackup.operations.metrics;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Gauges whose set of series follows the data: {@link #update} registers a gauge the first time its name and tags
 * appear, sets every value, and removes the gauges that are no longer in the data (a policy deleted or renamed, an
 * account and region no longer read). A scrape reads the values held; it never computes anything. Not thread-safe:
 * one refresh at a time.
 */
final class Gauges {

    /** A series: a metric name and its tags. */
    record Series(String name, Tags tags) {
    }

    private static final class Value {
        volatile double value;
        Gauge gauge;
    }

    private final MeterRegistry registry;
    private final Map<String, String> descriptions;
    private final Map<Series, Value> held = new HashMap<>();

    Gauges(MeterRegistry registry, Map<String, String> descriptions) {
        this.registry = registry;
        this.descriptions = Map.copyOf(descriptions);
    }

    void update(Map<Series, Double> values) {
        values.forEach((series, number) -> held.computeIfAbsent(series, this::register).value = number);
        for (Iterator<Map.Entry<Series, Value>> entries = held.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<Series, Value> entry = entries.next();
            if (!values.containsKey(entry.getKey())) {
                registry.remove(entry.getValue().gauge);
                entries.remove();
            }
        }
    }

    /** How many series are held now. */
    int size() {
        return held.size();
    }

    private Value register(Series series) {
        Value value = new Value();
        value.value = Double.NaN;
        value.gauge = Gauge.builder(series.name(), value, v -> v.value).tags(series.tags())
                .description(descriptions.getOrDefault(series.name(), "")).strongReference(true).register(registry);
        return value;
    }

    static Map<Series, Double> newValues() {
        return new HashMap<>();
    }
}
