package io.gfsbackup.operations.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.gfsbackup.operations.restore.RestoreProblem;
import io.gfsbackup.rest.Problem;

/** The operations API's own errors as problem+json; the shared ones are in {@code CommonProblemMappers}. */
public class ProblemMappers {


    @ServerExceptionMapper
    public Response notFound(NotFoundProblem e) {
        return Problem.of(404, e.title(), e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalidRestore(InvalidRestoreException e) {
        return Problem.invalid(e.violations()).toResponse();
    }

    /** A restore that cannot be asked for: 400, 404, 409 or 503, as {@link RestoreProblem#status()} says. */
    @ServerExceptionMapper
    public Response restore(RestoreProblem e) {
        if (e.violation() != null) {
            return Problem.invalid(java.util.List.of(e.violation())).toResponse();
        }
        Response response = Problem.of(e.status(), e.title(), e.getMessage()).toResponse();
        return e.status() == 503 ? Response.fromResponse(response).header("Retry-After", "10").build() : response;
    }
}
