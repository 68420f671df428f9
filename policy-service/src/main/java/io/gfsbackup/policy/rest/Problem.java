package io.gfsbackup.policy.rest;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.gfsbackup.contracts.policy.Violation;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}). {@code violations} lists, for a 400, every
 * problem found, each with the field path and what would be valid.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, URI instance, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem(URI.create("about:blank"), title, status, detail, null, List.of());
    }

    public static Problem invalid(String detail, List<Violation> violations) {
        return new Problem(URI.create("urn:gfs-backup:problem:invalid-request"), "Invalid request", 400,
                detail, null, violations);
    }
}
