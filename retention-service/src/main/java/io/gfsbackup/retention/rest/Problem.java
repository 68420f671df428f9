package io.gfsbackup.retention.rest;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}); for a 400, {@code violations} names each field
 * and what would be valid.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem(URI.create("about:blank"), title, status, detail, List.of());
    }

    public static Problem invalid(String field, String message) {
        return new Problem(URI.create("urn:gfs-backup:problem:invalid-request"), "Invalid request", 400,
                field + ": " + message, List.of(new Violation(field, message)));
    }

    /** One problem of a request: the field (or parameter) and what would be valid. */
    public record Violation(String field, String message) {
    }
}
