package io.gfsbackup.operations.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The metrics per policy ({@code gfs.operations.metrics.*}); see docs/operations.md. */
@ConfigMapping(prefix = "gfs.operations.metrics")
public interface MetricsConfig {

    /** How often the gauges are computed again from the database and the held inventory; 0: never. */
    @WithDefault("PT1M")
    Duration refreshInterval();
}
