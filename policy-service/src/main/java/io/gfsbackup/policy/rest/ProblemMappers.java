package io.gfsbackup.policy.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.gfsbackup.policy.service.DuplicatePolicyNameException;
import io.gfsbackup.policy.service.PolicyNotFoundException;
import io.gfsbackup.policy.service.StalePolicyVersionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Every error this API answers, as {@code application/problem+json}. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return respond(Problem.invalid(
                "The request has " + e.violations().size() + " problem(s); each names its field and what would be valid.",
                e.violations()));
    }

    @ServerExceptionMapper
    public Response notFound(PolicyNotFoundException e) {
        return respond(Problem.of(404, "Policy not found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response duplicateName(DuplicatePolicyNameException e) {
        return respond(Problem.of(409, "Duplicate policy name", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response stale(StalePolicyVersionException e) {
        return respond(Problem.of(412, "Stale version", e.getMessage()));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.fromResponse(respond(Problem.of(401, "Unauthorized",
                "A valid bearer token is required: Authorization: Bearer <JWT>")))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "The token's roles do not allow this operation"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        return respond(Problem.of(status, title, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return respond(Problem.of(500, "Internal error", "An unexpected error occurred; the log has the details"));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
