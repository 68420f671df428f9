package io.gfsbackup.operations.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.gfsbackup.rest.InvalidParameterException;
import io.gfsbackup.operations.jobs.JobKind;
import io.gfsbackup.operations.jobs.JobQuery;
import io.gfsbackup.operations.jobs.JobState;
import io.gfsbackup.operations.jobs.JobStore;
import io.gfsbackup.operations.jobs.JobView;

/**
 * Every backup, deletion and restore job, as AWS Backup lists jobs: newest first, filtered, a page at a time.
 * Instants are ISO-8601 UTC.
 */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
@SecurityRequirement(name = "bearer")
public class JobResource {

    private static final String INVALID = "A parameter is not valid; violations names it and what would be valid";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    @Inject
    JobStore jobs;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.AUDITOR, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The jobs, newest first",
            description = "Filters combine; a page ends with nextCursor when there are more, which the next request"
                    + " passes as cursor.")
    @APIResponse(responseCode = "200", description = "A page of jobs")
    @APIResponse(responseCode = "400", description = INVALID)
    public JobStore.Page list(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                              @QueryParam("policyId") String policyId,
                              @Parameter(description = "a table name or ARN") @QueryParam("table") String table,
                              @Parameter(description = "a 12-digit AWS account id") @QueryParam("account")
                              String account,
                              @Parameter(description = "states, repeated or comma-separated") @QueryParam("state")
                              List<String> states,
                              @Parameter(description = "BACKUP, DELETION, RESTORE or RESTORE_TEST") @QueryParam("kind") String kind,
                              @Parameter(description = "created at or after (ISO-8601 UTC)") @QueryParam("from")
                              String from,
                              @Parameter(description = "created before (ISO-8601 UTC)") @QueryParam("to") String to,
                              @QueryParam("cursor") String cursor,
                              @Parameter(description = "jobs per page, 1 to 500 (default 50)") @QueryParam("limit")
                              String limit) {
        JobQuery query = new JobQuery(Parameters.uuid("policyId", policyId), Parameters.table("table", table),
                Parameters.account("account", account), Parameters.enums("state", states, JobState.class),
                Parameters.oneOf("kind", kind, JobKind.class), Parameters.instant("from", from),
                Parameters.instant("to", to), Parameters.cursor("cursor", cursor),
                Parameters.integer("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT));
        if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
            throw new InvalidParameterException("to", "must be after from (" + query.from() + ")");
        }
        return jobs.list(query);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.AUDITOR, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One job")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "400", description = INVALID)
    @APIResponse(responseCode = "404", description = "No such job (or it was pruned)")
    public JobView find(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id")
                        String id) {
        var jobId = Parameters.uuid("id", id);
        return jobs.find(jobId).orElseThrow(() -> new NotFoundProblem("Job not found",
                "no job " + jobId + " is known here (jobs are pruned after their retention)"));
    }
}
