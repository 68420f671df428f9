package io.gfsbackup.retention.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.gfsbackup.rest.InvalidParameterException;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.retention.query.ChainAudit;
import io.gfsbackup.retention.query.ChainView;
import io.gfsbackup.retention.query.EventView;
import io.gfsbackup.retention.query.PointHistory;
import io.gfsbackup.retention.query.PointView;
import io.gfsbackup.retention.command.LegalHolds;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Audit replay of backup chains (viewers and auditors) and legal holds (admins). Every answer is rebuilt from
 * the event store. Instants are ISO-8601 UTC, e.g. {@code 2026-01-05T07:00:00Z}.
 */
@Path("/api/v1/chains")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Backup chains")
@SecurityRequirement(name = "bearer")
public class ChainResource {

    private static final String INVALID = "A parameter is missing or not valid (a UUID, an ISO-8601 UTC instant);"
            + " violations names it";
    private static final String NO_CHAIN = "No such chain";
    private static final String NOT_JSON = "The body is not application/json";
    private static final String HOLDS_UNAVAILABLE = "The legal-hold table could not be written (DynamoDB away or "
            + "throttling): nothing was changed; try again";

    @Inject
    ChainAudit audit;

    @Inject
    LegalHolds holds;

    @Inject
    SecurityIdentity identity;

    /** The chain of a table under a policy: {@code ?policyId=&tableArn=}, now or {@code &asOf=}. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.AUDITOR, Roles.ADMIN})
    @Operation(summary = "The chain of a table under a policy", description = "Now, or as it stood at asOf.")
    @APIResponse(responseCode = "200", description = "The chain")
    @APIResponse(responseCode = "400", description = INVALID)
    @APIResponse(responseCode = "404", description = NO_CHAIN)
    public ChainView find(@Parameter(required = true, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                          @QueryParam("policyId") String policyId,
                          @Parameter(required = true, example = "arn:aws:dynamodb:us-east-1:123456789012:table/orders")
                          @QueryParam("tableArn") String tableArn,
                          @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                          @QueryParam("asOf") String asOf) {
        if (tableArn == null || tableArn.isBlank()) {
            throw new InvalidParameterException("tableArn", "is required, e.g. arn:aws:dynamodb:us-east-1:"
                    + "123456789012:table/orders");
        }
        return chain(Ids.chainId(uuid("policyId", policyId), tableArn).toString(), asOf);
    }

    /** The chain now, or as it stood at {@code ?asOf=}. */
    @GET
    @Path("/{chainId}")
    @RolesAllowed({Roles.VIEWER, Roles.AUDITOR, Roles.ADMIN})
    @Operation(summary = "A chain by its id", description = "Now, or as it stood at asOf (a restore shows from "
            + "its start, its outcome from its end).")
    @APIResponse(responseCode = "200", description = "The chain")
    @APIResponse(responseCode = "400", description = INVALID)
    @APIResponse(responseCode = "404", description = NO_CHAIN)
    public ChainView chain(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                           @PathParam("chainId") String chainId,
                           @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                           @QueryParam("asOf") String asOf) {
        UUID id = uuid("chainId", chainId);
        return asOf == null ? audit.current(id) : audit.asOf(id, instant("asOf", asOf));
    }

    /** Every event of the chain, in order, with what happened and why. */
    @GET
    @Path("/{chainId}/events")
    @RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
    @Operation(summary = "Every event of a chain", description = "In order, with what happened and why: the "
            + "retention decisions, and the restores of its points (RestoreStarted, RestoreEnded), which decide "
            + "nothing.")
    @APIResponse(responseCode = "200", description = "The events")
    @APIResponse(responseCode = "400", description = INVALID)
    @APIResponse(responseCode = "404", description = NO_CHAIN)
    public List<EventView> events(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                                  @PathParam("chainId") String chainId) {
        return audit.events(uuid("chainId", chainId));
    }

    /** The history of one restore point, by its slot. */
    @GET
    @Path("/{chainId}/points/{slot}/history")
    @RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
    @Operation(summary = "The history of one restore point", description = "Its retention events and the restores "
            + "of its backup: who asked, when, to which table, which worker started it, how it ended and how long the "
            + "table took to become ACTIVE.")
    @APIResponse(responseCode = "200", description = "Its events, and the same as one sentence")
    @APIResponse(responseCode = "400", description = INVALID)
    @APIResponse(responseCode = "404", description = "No such chain, or no restore point at that slot")
    public PointHistory history(
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("chainId") String chainId,
            @Parameter(description = "The restore point's slot", schema = @Schema(type = SchemaType.STRING,
            format = "date-time")) @PathParam("slot") String slot) {
        return audit.history(uuid("chainId", chainId), instant("slot", slot));
    }

    /** Places a legal hold on a live restore point: it is never expired while held. */
    @POST
    @Path("/{chainId}/points/{slot}/legal-hold")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Place a legal hold", description = "The point is never expired while held. The hold "
            + "records who placed it (the token's principal) and why (reason); it is written to the legal-hold "
            + "table the backup worker reads before the chain holds the point.")
    @APIResponse(responseCode = "200", description = "The point, held")
    @APIResponse(responseCode = "400", description = INVALID + "; or the reason is missing, blank, longer than "
            + LegalHoldRequest.MAX_REASON + " characters or has a control character")
    @APIResponse(responseCode = "404", description = "No such chain, or no restore point at that slot")
    @APIResponse(responseCode = "409", description = "The point has expired or is deleted")
    @APIResponse(responseCode = "415", description = NOT_JSON)
    @APIResponse(responseCode = "503", description = HOLDS_UNAVAILABLE)
    public PointView placeLegalHold(
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("chainId") String chainId,
            @Parameter(description = "The restore point's slot", schema = @Schema(type = SchemaType.STRING,
            format = "date-time")) @PathParam("slot") String slot,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LegalHoldRequest.class),
                    examples = @ExampleObject(name = "litigation", value = LegalHoldRequest.PLACE_EXAMPLE)))
            String body) {
        UUID id = uuid("chainId", chainId);
        Instant at = instant("slot", slot);
        holds.place(id, at, caller(), LegalHoldRequest.reasonOf(body));
        return point(id, at);
    }

    /** Releases the legal hold: a point with no flags left expires now. */
    @DELETE
    @Path("/{chainId}/points/{slot}/legal-hold")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Release a legal hold", description = "A point with no flags left expires now. The "
            + "release records who released it (the token's principal) and why (reason); the hold leaves the "
            + "legal-hold table the backup worker reads before it leaves the chain.")
    @APIResponse(responseCode = "200", description = "The point, released")
    @APIResponse(responseCode = "400", description = INVALID + "; or the reason is missing, blank, longer than "
            + LegalHoldRequest.MAX_REASON + " characters or has a control character")
    @APIResponse(responseCode = "404", description = "No such chain, or no restore point at that slot")
    @APIResponse(responseCode = "415", description = NOT_JSON)
    @APIResponse(responseCode = "503", description = HOLDS_UNAVAILABLE)
    public PointView releaseLegalHold(
            @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("chainId") String chainId,
            @Parameter(description = "The restore point's slot", schema = @Schema(type = SchemaType.STRING,
            format = "date-time")) @PathParam("slot") String slot,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LegalHoldRequest.class),
                    examples = @ExampleObject(name = "closed", value = LegalHoldRequest.RELEASE_EXAMPLE)))
            String body) {
        UUID id = uuid("chainId", chainId);
        Instant at = instant("slot", slot);
        holds.release(id, at, caller(), LegalHoldRequest.reasonOf(body));
        return point(id, at);
    }

    /** Who is asking: the token's principal name ({@code upn}, else {@code preferred_username}, else {@code sub}). */
    private String caller() {
        return identity.getPrincipal().getName();
    }

    private PointView point(UUID chainId, Instant slot) {
        return audit.current(chainId).points().stream().filter(point -> point.slot().equals(slot)).findFirst()
                .orElseThrow(() -> new io.gfsbackup.retention.api.UnknownPointException(chainId, slot));
    }

    static UUID uuid(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidParameterException(field, "is required (a UUID)");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(field, "'" + value + "' is not a UUID");
        }
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(field, "'" + value + "' is not an ISO-8601 UTC instant such as "
                    + "2026-01-05T07:00:00Z");
        }
    }
}
