package io.gfsbackup.operations.rest;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gfsbackup.contracts.policy.Violation;

/** ETags of versioned resources: the version number in quotes, {@code "3"}, as the policy API writes them. */
final class Preconditions {

    private static final Pattern ETAG = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?");

    private Preconditions() {
    }

    /** Whether {@code If-Match} was sent at all ({@code *} counts: it matches whatever version is current). */
    static boolean present(String ifMatch) {
        return ifMatch != null && !ifMatch.isBlank();
    }

    /** The version {@code If-Match} requires; empty when absent or {@code *}. */
    static OptionalLong expectedVersion(String ifMatch) {
        if (!present(ifMatch) || ifMatch.trim().equals("*")) {
            return OptionalLong.empty();
        }
        Matcher m = ETAG.matcher(ifMatch.trim());
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** The problem with an {@code If-Match} header, if it is not an ETag of this API. */
    static Optional<Violation> problem(String ifMatch) {
        if (!present(ifMatch) || ifMatch.trim().equals("*") || ETAG.matcher(ifMatch.trim()).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Violation("If-Match", "\"" + ifMatch + "\" is not an ETag of this API; send the ETag"
                + " of your last read, e.g. If-Match: \"3\""));
    }
}
