package io.gfsbackup.retention.rest;

import jakarta.ws.rs.core.Response;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.gfsbackup.rest.InvalidParameterException;
import io.gfsbackup.rest.Problem;
import io.gfsbackup.retention.api.DeletionsNotPausedException;
import io.gfsbackup.retention.api.PointNotAliveException;
import io.gfsbackup.retention.api.UnknownPointException;
import io.gfsbackup.retention.api.UnknownPolicyException;
import io.gfsbackup.retention.persistence.HoldTableUnavailableException;
import io.gfsbackup.retention.query.UnknownChainException;

/** The audit API's own errors as problem+json; the shared ones are in {@code CommonProblemMappers}. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final int RETRY_AFTER_SECONDS = 5;


    @ServerExceptionMapper
    public Response unknownChain(UnknownChainException e) {
        return Problem.of(404, "Chain not found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response chainNotFound(AggregateNotFoundException e) {
        return Problem.of(404, "Chain not found", "no backup chain " + e.getAggregateIdentifier()
                + " is known here").toResponse();
    }

    @ServerExceptionMapper
    public Response unknownPoint(UnknownPointException e) {
        return Problem.of(404, "Restore point not found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unknownPolicy(UnknownPolicyException e) {
        return Problem.of(404, "Policy not found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response notPaused(DeletionsNotPausedException e) {
        return Problem.of(409, "Deletions not paused", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response notAlive(PointNotAliveException e) {
        return Problem.of(409, "Restore point not alive", e.getMessage()).toResponse();
    }

    /** Retryable: nothing was changed. */
    @ServerExceptionMapper
    public Response holdsUnavailable(HoldTableUnavailableException e) {
        LOG.warn(e.getMessage(), e);
        return Response.fromResponse(Problem.of(503, "Legal-hold table unavailable", e.getMessage()).toResponse())
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
}
