package io.gfsbackup.operations.notify.channel;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The settings of the SNS channel ({@code gfs.operations.sns.*}); credentials come from the AWS default chain. */
@ConfigMapping(prefix = "gfs.operations.sns")
public interface SnsConfig {

    /** Where SNS is reached instead of AWS (tests and the local run: moto). */
    Optional<URI> endpointOverride();

    /** How long one Publish may take, the SDK's own retries of throttling and 5xx included. */
    @WithDefault("PT10S")
    Duration timeout();
}
