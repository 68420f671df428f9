package io.gfsbackup.operations.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.gfsbackup.operations.notify.DuplicateRuleNameException;
import io.gfsbackup.operations.notify.InvalidRuleException;
import io.gfsbackup.operations.notify.RuleNotFoundException;
import io.gfsbackup.operations.notify.StaleRuleVersionException;
import io.gfsbackup.rest.Problem;

/** The errors of the notification rules API as problem+json; the shared ones are in {@code CommonProblemMappers}. */
public class NotificationProblemMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidRuleException e) {
        return Problem.invalid(e.violations()).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(RuleNotFoundException e) {
        return Problem.of(404, "Notification rule not found", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response duplicateName(DuplicateRuleNameException e) {
        return Problem.of(409, "Duplicate rule name", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response stale(StaleRuleVersionException e) {
        return Problem.of(412, "Stale version", e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response preconditionRequired(PreconditionRequiredException e) {
        return Problem.of(428, "Precondition required", e.getMessage()).toResponse();
    }
}
