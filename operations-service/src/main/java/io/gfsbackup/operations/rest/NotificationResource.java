package io.gfsbackup.operations.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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

import io.gfsbackup.operations.notify.DeliveryState;
import io.gfsbackup.operations.notify.NotificationEvent;
import io.gfsbackup.operations.notify.Outbox;

/**
 * The notifications decided, newest first, with how their delivery went: state, attempts, last error. Admins only;
 * never a secret (the channel only by its type).
 */
@Path("/api/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notification rules")
@SecurityRequirement(name = "bearer")
public class NotificationResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    @Inject
    Outbox outbox;

    /** A page of notifications. */
    public record Listing(List<Outbox.Delivery> notifications) {
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "The notifications, newest first, with their delivery",
            description = "idempotencyKey is what every channel sends along: the same for every attempt.")
    @APIResponse(responseCode = "200", description = "The newest notifications")
    @APIResponse(responseCode = "400", description = "A parameter is not valid; violations names it")
    public Listing list(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @QueryParam("ruleId")
                        String ruleId,
                        @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
                        @QueryParam("policyId") String policyId,
                        @Parameter(description = "one event, e.g. BACKUP_FAILED") @QueryParam("event") String event,
                        @Parameter(description = "PENDING, DELIVERED, FAILED or CANCELLED") @QueryParam("state")
                        String state,
                        @Parameter(description = "at most this many, 1 to 500 (default 50)") @QueryParam("limit")
                        String limit) {
        return new Listing(outbox.list(new Outbox.Query(Parameters.uuid("ruleId", ruleId),
                Parameters.uuid("policyId", policyId), Parameters.oneOf("event", event, NotificationEvent.class),
                Parameters.oneOf("state", state, DeliveryState.class),
                Parameters.integer("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT))));
    }
}
