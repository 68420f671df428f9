package io.gfsbackup.operations.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.gfsbackup.rest.InvalidParameterException;
import io.gfsbackup.rest.Problem;

/** The operations API's own errors as problem+json; the shared ones are in {@code CommonProblemMappers}. */
public class ProblemMappers {


    @ServerExceptionMapper
    public Response notFound(NotFoundProblem e) {
        return Problem.of(404, e.title(), e.getMessage()).toResponse();
    }
}
