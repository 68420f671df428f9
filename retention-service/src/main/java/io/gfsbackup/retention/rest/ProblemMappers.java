package io.gfsbackup.retention.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.gfsbackup.retention.api.PointNotAliveException;
import io.gfsbackup.retention.api.UnknownPointException;
import io.gfsbackup.retention.query.UnknownChainException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Every error this API answers, as {@code application/problem+json}. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidParameterException e) {
        return respond(Problem.invalid(e.field(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unknownChain(UnknownChainException e) {
        return respond(Problem.of(404, "Chain not found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response chainNotFound(AggregateNotFoundException e) {
        return respond(Problem.of(404, "Chain not found", "no backup chain " + e.getAggregateIdentifier()
                + " is known here"));
    }

    @ServerExceptionMapper
    public Response unknownPoint(UnknownPointException e) {
        return respond(Problem.of(404, "Restore point not found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response notAlive(PointNotAliveException e) {
        return respond(Problem.of(409, "Restore point not alive", e.getMessage()));
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
        return respond(Problem.of(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage()));
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
