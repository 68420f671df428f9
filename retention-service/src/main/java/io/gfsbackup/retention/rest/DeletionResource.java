package io.gfsbackup.retention.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.gfsbackup.retention.command.ClockGuard;
import io.gfsbackup.retention.query.DeletionsView;

/**
 * The clock guard's pauses, for admins: whether the deletions of a policy are paused and why, and resuming them
 * once the time is confirmed (docs/operations.md, "The clock guard").
 */
@Path("/api/v1/policies/{policyId}/deletions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Deletions")
@SecurityRequirement(name = "bearer")
public class DeletionResource {

    private static final String INVALID = "policyId is not a UUID; violations names it";
    private static final String UNKNOWN = "No chain of the policy is known here";

    @Inject
    ClockGuard guard;

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Whether the deletions of a policy are paused, and why",
            description = "The clock guard pauses them when the clock runs ahead of wall time or a pass would expire"
                    + " more points than the policy's schedule explains.")
    @APIResponse(responseCode = "200", description = "The deletion state of the policy and its last pause")
    @APIResponse(responseCode = "400", description = INVALID)
    @APIResponse(responseCode = "404", description = UNKNOWN)
    public DeletionsView state(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                               @PathParam("policyId") String policyId) {
        return guard.state(ChainResource.uuid("policyId", policyId));
    }

    @POST
    @Path("/resume")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Resume the deletions of a policy",
            description = "Confirms the time: the expiries held back happen on the next pass.")
    @APIResponse(responseCode = "200", description = "The deletion state of the policy, resumed")
    @APIResponse(responseCode = "400", description = INVALID)
    @APIResponse(responseCode = "404", description = UNKNOWN)
    @APIResponse(responseCode = "409", description = "The deletions of the policy are not paused")
    public DeletionsView resume(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                                @PathParam("policyId") String policyId,
                                @Context SecurityContext security) {
        return guard.resume(ChainResource.uuid("policyId", policyId), security.getUserPrincipal().getName());
    }
}
