package io.gfsbackup.policy.rest;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ETags of policies: the version number in quotes, {@code "3"}. */
final class Preconditions {

    private static final Pattern ETAG = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?");

    private Preconditions() {
    }

    /** The version an {@code If-Match} header requires; empty when absent or {@code *}. */
    static OptionalLong expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return OptionalLong.empty();
        }
        Matcher m = ETAG.matcher(ifMatch.trim());
        if (!m.matches()) {
            throw InvalidRequestException.of("If-Match", "\"" + ifMatch
                    + "\" is not an ETag of this API; send the ETag of your last read, e.g. If-Match: \"3\"");
        }
        return OptionalLong.of(Long.parseLong(m.group(1)));
    }
}
