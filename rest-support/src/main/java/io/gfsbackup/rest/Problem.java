package io.gfsbackup.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.gfsbackup.contracts.policy.Violation;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}), the body of every error answer of the services'
 * REST APIs. For a 400, {@code violations} lists every problem found, each with the field path (or parameter or
 * header name) and what would be valid.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final URI INVALID = URI.create("urn:gfs-backup:problem:invalid-request");

    public static Problem of(int status, String title, String detail) {
        return new Problem(URI.create("about:blank"), title, status, detail, List.of());
    }

    /** A 400 listing every violation. */
    public static Problem invalid(List<Violation> violations) {
        return new Problem(INVALID, "Invalid request", 400, "The request has " + violations.size()
                + " problem(s); each names its field and what would be valid.", violations);
    }

    /** A 400 for one field. */
    public static Problem invalid(String field, String message) {
        return invalid(List.of(new Violation(field, message)));
    }

    /** This problem as a JAX-RS response with its status and media type. */
    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
