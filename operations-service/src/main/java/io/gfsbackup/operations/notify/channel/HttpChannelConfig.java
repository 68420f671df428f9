package io.gfsbackup.operations.notify.channel;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The settings of the HTTP channels, webhook and Slack ({@code gfs.operations.channels.*}). */
@ConfigMapping(prefix = "gfs.operations.channels")
public interface HttpChannelConfig {

    /**
     * Accept {@code http://} URLs to {@code localhost}, {@code 127.0.0.1} and {@code [::1]} besides {@code https://}
     * (tests and the local run only; receivers elsewhere are reached over HTTPS).
     */
    @WithDefault("false")
    boolean allowPlainHttp();

    Http http();

    interface Http {
        /** How long to wait for a receiver's TCP (and TLS) connection. */
        @WithDefault("PT5S")
        Duration connectTimeout();

        /** How long to wait for a receiver's answer once the request is sent. */
        @WithDefault("PT10S")
        Duration requestTimeout();
    }
}
