package io.gfsbackup.operations.notify.channel;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The SMTP server that sends this service's e-mail ({@code gfs.operations.smtp.*}). Without a host and a sender
 * address the e-mail channel is off: rules with it are refused.
 */
@ConfigMapping(prefix = "gfs.operations.smtp")
public interface SmtpConfig {

    Optional<String> host();

    @WithDefault("587")
    int port();

    /** The sender address ({@code From}); its domain also ends every {@code Message-ID}. */
    Optional<String> from();

    /** Log in with this user (and {@link #password()}) when set. */
    Optional<String> username();

    Optional<String> password();

    @WithDefault("required")
    StartTls starttls();

    /** How long to wait for the server's TCP connection. */
    @WithDefault("PT5S")
    Duration connectTimeout();

    /** How long to wait for each of the server's replies. */
    @WithDefault("PT10S")
    Duration timeout();

    /** Whether the connection is upgraded to TLS with STARTTLS before anything (a login included) is sent. */
    enum StartTls {
        /** Plain text throughout (a relay on the same host or network only). */
        NONE,
        /** Upgrade when the server offers STARTTLS, else go on in plain text. */
        OPTIONAL,
        /** Upgrade, or fail (permanently) when the server does not offer STARTTLS. */
        REQUIRED
    }
}
