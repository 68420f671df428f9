package io.gfsbackup.operations.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.gfsbackup.contracts.policy.Validated;
import io.gfsbackup.operations.restore.RestoreDraft;
import io.gfsbackup.operations.restore.RestoreKind;
import io.gfsbackup.operations.restore.RestoreQuery;
import io.gfsbackup.operations.restore.RestoreRequestJson;
import io.gfsbackup.operations.restore.RestoreState;
import io.gfsbackup.operations.restore.RestoreStore;
import io.gfsbackup.operations.restore.RestoreView;
import io.gfsbackup.operations.restore.Restores;
import io.gfsbackup.rest.InvalidParameterException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Restores of restore points to new tables (docs/operations.md, "Restores"; decision 13). {@code POST} needs
 * {@code backup-operator} or {@code backup-admin} and answers 202: the worker makes the restore, queued at
 * DynamoDB's limits, and the restore's state follows. Reads need any role. Instants are ISO-8601 UTC.
 */
@Path("/api/v1/restores")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Restores")
@SecurityRequirement(name = "bearer")
public class RestoreResource {

    private static final String INVALID = "The request is not valid: every problem is in violations, each with its"
            + " field and what would be valid";
    private static final String EXAMPLE = """
            {"source": {"chainId": "0b7f3c52-4f4e-5a57-9d7e-2f0c8a1e4b6d", "slot": "2026-01-05T07:00:00Z"},
             "targetTableName": "orders-restored", "billingMode": "PROVISIONED", "readCapacityUnits": 5,
             "writeCapacityUnits": 5, "encryption": "AWS_MANAGED", "excludeIndexes": ["by-customer"],
             "reapply": ["TAGS", "TTL", "POINT_IN_TIME_RECOVERY", "STREAMS"]}""";

    @Inject
    Restores restores;

    @Inject
    RestoreStore store;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Restore a point to a new table",
            description = "The point by chain and slot, or by backup ARN; the new table in the point's account and"
                    + " region. Answers 202 with the restore (PENDING) and its Location; the worker makes it.")
    @APIResponse(responseCode = "202", description = "Accepted: the restore, PENDING", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RestoreView.class)),
            headers = @Header(name = "Location", description = "The restore's URL",
                    schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = INVALID)
    @APIResponse(responseCode = "404", description = "No such restore point is known")
    @APIResponse(responseCode = "409", description = "The point is no longer alive (deleted or expired), the target"
            + " table exists, or another restore is making it")
    @APIResponse(responseCode = "415", description = "The body is not application/json")
    @APIResponse(responseCode = "503", description = "Kafka did not take the request, or whether the table exists"
            + " could not be read: nothing was recorded, try again", headers = @Header(name = "Retry-After",
            description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)))
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RestoreRequestBody.class),
            examples = @ExampleObject(name = "by chain and slot", value = EXAMPLE))) String body,
                           @Context UriInfo uri) {
        Validated<RestoreDraft> draft = RestoreRequestJson.read(body);
        if (!draft.isValid()) {
            throw new InvalidRestoreException(draft.violations());
        }
        RestoreView restore = restores.request(draft.value(), identity.getPrincipal().getName());
        return Response.accepted(restore).location(URI.create(uri.getPath() + "/" + restore.id())).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.AUDITOR, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The restores, newest request first",
            description = "Filters combine; a page ends with nextCursor when there are more, which the next request"
                    + " passes as cursor.")
    @APIResponse(responseCode = "200", description = "A page of restores", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RestoreView.Page.class)))
    @APIResponse(responseCode = "400", description = "A parameter is not valid; violations names it and what would"
            + " be valid")
    public RestoreView.Page list(@Parameter(description = "states, repeated or comma-separated: PENDING, RESTORING,"
                                         + " COMPLETED, FAILED") @QueryParam("state") List<String> states,
                                 @Parameter(description = "RESTORE or RESTORE_TEST") @QueryParam("kind") String kind,
                                 @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                                 @QueryParam("policyId") String policyId,
                                 @Parameter(description = "a source or target table name or ARN") @QueryParam("table")
                                 String table,
                                 @QueryParam("cursor") String cursor,
                                 @Parameter(description = "restores per page, 1 to 500 (default 50)")
                                 @QueryParam("limit") String limit) {
        return store.list(new RestoreQuery(Parameters.enums("state", states, RestoreState.class),
                Parameters.oneOf("kind", kind, RestoreKind.class), Parameters.uuid("policyId", policyId),
                Parameters.table("table", table), Parameters.cursor("cursor", cursor),
                Parameters.integer("limit", limit, 1, JobResource.MAX_LIMIT, JobResource.DEFAULT_LIMIT)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.AUDITOR, Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One restore")
    @APIResponse(responseCode = "200", description = "The restore", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RestoreView.class)))
    @APIResponse(responseCode = "400", description = "id is not a UUID")
    @APIResponse(responseCode = "404", description = "No such restore")
    public RestoreView find(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id")
                            String id) {
        var restoreId = Parameters.uuid("id", id);
        if (restoreId == null) {
            throw new InvalidParameterException("id", "is required; use the UUID of a restore");
        }
        return store.find(restoreId).orElseThrow(() -> new NotFoundProblem("Restore not found",
                "no restore " + restoreId + " is known here"));
    }
}
