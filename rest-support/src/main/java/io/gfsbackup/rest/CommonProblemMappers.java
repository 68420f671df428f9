package io.gfsbackup.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The error answers every service's REST API shares, as problem+json: 401 without a valid token, 403 for a role
 * that may not, the status of any other JAX-RS error (404 unknown path, 415 wrong media type, ...), and 500 for
 * anything unexpected, with the details only in the log; 400 for a path or query parameter that is not valid
 * ({@link InvalidParameterException}). Each service adds mappers for its own exceptions; the
 * most specific exception type wins. Needs {@code quarkus.http.auth.proactive=false} so that authentication
 * failures reach these mappers.
 */
public class CommonProblemMappers {

    private static final Logger LOG = Logger.getLogger(CommonProblemMappers.class);

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.fromResponse(Problem.of(401, "Unauthorized",
                "A valid bearer token is required: Authorization: Bearer <JWT>").toResponse())
                .header("WWW-Authenticate", "Bearer").build();
    }

    /** A path or query parameter that is not valid: 400 naming it and what would be valid. */
    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException e) {
        return Problem.invalid(e.field(), e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, "Forbidden", "The token's roles do not allow this operation").toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return Problem.of(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return Problem.of(500, "Internal error", "An unexpected error occurred; the log has the details").toResponse();
    }
}
