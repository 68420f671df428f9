package io.gfsbackup.operations.notify.channel;

import java.net.URI;

/** How a URL that may carry a secret is named in a log line, an error or a {@code toString}. */
final class Redaction {

    private Redaction() {
    }

    /** {@code https://host:port} without path, query or user info; {@code null} as "null". */
    static String origin(URI url) {
        if (url == null) {
            return "null";
        }
        if (url.getHost() == null) {
            return "(a URL without a host)";
        }
        return (url.getScheme() == null ? "" : url.getScheme() + "://") + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
