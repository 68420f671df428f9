package io.gfsbackup.policy.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.gfsbackup.policy.service.DuplicatePolicyNameException;
import io.gfsbackup.policy.service.PolicyNotFoundException;
import io.gfsbackup.policy.service.StalePolicyVersionException;
import io.gfsbackup.rest.Problem;

/** The policy API's own errors as problem+json; the shared ones are in {@code CommonProblemMappers}. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return Problem.invalid(e.violations()).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(PolicyNotFoundException e) {
        return Problem.of(404, "Policy not found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response duplicateName(DuplicatePolicyNameException e) {
        return Problem.of(409, "Duplicate policy name", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response stale(StalePolicyVersionException e) {
        return Problem.of(412, "Stale version", e.getMessage()).toResponse();
    }
}
