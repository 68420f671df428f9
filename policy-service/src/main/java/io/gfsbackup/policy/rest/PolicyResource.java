package io.gfsbackup.policy.rest;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.contracts.policy.Validated;
import io.gfsbackup.contracts.simulation.Simulation;
import io.gfsbackup.contracts.simulation.StorageEstimate;
import io.gfsbackup.policy.service.PolicyService;
import io.gfsbackup.policy.service.SelectionPreview;
import io.gfsbackup.policy.service.StoredPolicy;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Administration of backup policies. Writes need the role {@code backup-admin}; reads the role
 * {@code backup-viewer}, {@code backup-auditor} or {@code backup-admin}. Every change makes a new version.
 * Reads carry the version as {@code ETag}; a write with {@code If-Match} is refused with 412 when the policy has
 * changed since (without {@code If-Match} the write applies to whatever is current).
 */
@Path("/api/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policies")
@SecurityRequirement(name = "bearer")
public class PolicyResource {

    static final int MAX_PAGE_SIZE = 200;
    /** The last page one may ask for: its first item, page × size, is still a 32-bit offset. */
    static final int MAX_PAGE = 10_000_000;

    private static final String INVALID_POLICY = "The policy is not valid: every problem is in violations. Some"
            + " rules are not in the schema: harmonization of the tiers, the start window's bounds (PT5M to PT24H),"
            + " positive keep periods, IANA time-zone ids, at least one of tables and tags, a restore test's withinDays"
            + " only with point RANDOM and its keepFor of PT0S to P30D, an archive's after of P0D to P100Y, its tiers"
            + " of the schedule each of whose points could be archived, and its role in the target's account";
    private static final String INVALID_IF_MATCH = "If-Match is not an ETag of this API";
    private static final String NOT_FOUND = "No such policy";
    private static final String DUPLICATE_NAME = "Another policy has that name";
    private static final String STALE = "If-Match names a version that is no longer current";
    private static final String NOT_JSON = "The body is not application/json";

    private final PolicyService policies;
    private final SecurityIdentity identity;
    private final Clock clock;
    private final SelectionPreview selections;

    PolicyResource(PolicyService policies, SecurityIdentity identity, Clock clock, SelectionPreview selections) {
        this.policies = policies;
        this.identity = identity;
        this.clock = clock;
        this.selections = selections;
    }

    @GET
    @Path("{id}/selection")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER, Roles.AUDITOR})
    @Operation(summary = "The tables a policy selects now",
            description = "From the table inventory of each of its accounts and regions: every table seen, whether "
                    + "it is selected and the rule that decides it (name, glob, tag, exclude, reserved, no-match). "
                    + "An account or region that cannot be read is listed with its error.")
    @APIResponse(responseCode = "200", description = "The preview", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SelectionPreview.Preview.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public SelectionPreview.Preview selection(@PathParam("id") UUID id) {
        return selections.preview(policies.get(id).policy().selection());
    }

    @POST
    @Path("drafts/selection")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER, Roles.AUDITOR})
    @Operation(summary = "The tables a draft policy would select",
            description = "The same preview for a policy not saved yet; the draft is validated like a new policy.")
    @APIResponse(responseCode = "200", description = "The preview", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SelectionPreview.Preview.class)))
    @APIResponse(responseCode = "400", description = INVALID_POLICY)
    @APIResponse(responseCode = "415", description = NOT_JSON)
    public SelectionPreview.Preview draftSelection(@RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Policy"),
            examples = @ExampleObject(name = "veeam", value = Examples.VEEAM_POLICY))) String body) {
        return selections.preview(validPolicy(body).selection());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a policy", description = "Answers 201 with the stored policy and its Location.")
    @APIResponse(responseCode = "201", description = "Created: version 1",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PolicyRepresentation.class)),
            headers = {
                    @Header(name = "Location", description = "The policy's URL",
                            schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "ETag", description = "Its version, \"1\"",
                            schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = INVALID_POLICY)
    @APIResponse(responseCode = "409", description = DUPLICATE_NAME)
    @APIResponse(responseCode = "415", description = NOT_JSON)
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "Policy"),
            examples = {
                    @ExampleObject(name = "veeam", summary = "The Veeam harmonized-scheduling example",
                            value = Examples.VEEAM_POLICY),
                    @ExampleObject(name = "veeam-restore-test", summary = "The same with a weekly restore test",
                            value = Examples.VEEAM_POLICY_RESTORE_TEST)})) String body, @Context UriInfo uri) {
        StoredPolicy stored = policies.create(validPolicy(body), actor());
        return Response.created(URI.create(uri.getPath() + "/" + stored.id()))
                .tag(etagValue(stored)).entity(PolicyRepresentation.of(stored)).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER, Roles.AUDITOR})
    @Operation(summary = "List policies", description = "Sorted by name; page counts from 0.")
    @APIResponse(responseCode = "200", description = "One page of policies")
    @APIResponse(responseCode = "400", description = "page or size out of range, or a name with a control character")
    public PolicyListRepresentation list(@QueryParam("name") String name, @QueryParam("enabled") Boolean enabled,
                                         @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                                                 maximum = "" + MAX_PAGE, defaultValue = "0"))
                                         @QueryParam("page") String pageParameter,
                                         @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                                                 maximum = "" + MAX_PAGE_SIZE, defaultValue = "20"))
                                         @QueryParam("size") String sizeParameter) {
        int page = wholeNumber("page", pageParameter, 0);
        int size = wholeNumber("size", sizeParameter, 20);
        if (name != null && name.chars().anyMatch(Character::isISOControl)) {
            throw InvalidRequestException.of("name", "contains a control character; a policy name is printable "
                    + "text, so no policy would match");
        }
        if (page < 0 || page > MAX_PAGE) {
            throw InvalidRequestException.of("page", page + " is out of range; pages count from 0 to " + MAX_PAGE);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw InvalidRequestException.of("size", size + " is out of range; use 1 to " + MAX_PAGE_SIZE);
        }
        return PolicyListRepresentation.of(policies.list(name, enabled, page, size));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER, Roles.AUDITOR})
    @Operation(summary = "Get a policy", description = "The ETag header carries its version.")
    @APIResponse(responseCode = "200", description = "The policy", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyRepresentation.class)),
            headers = @Header(name = "ETag", description = "Its version", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Response get(@PathParam("id") UUID id) {
        return ok(policies.get(id));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace a policy", description = "A new version; 412 if If-Match names an older one.")
    @APIResponse(responseCode = "200", description = "The new version", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyRepresentation.class)),
            headers = @Header(name = "ETag", description = "Its version", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = INVALID_POLICY + "; or " + INVALID_IF_MATCH)
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = DUPLICATE_NAME)
    @APIResponse(responseCode = "412", description = STALE)
    @APIResponse(responseCode = "415", description = NOT_JSON)
    public Response replace(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                    schema = @Schema(ref = "Policy"), examples = {
                                            @ExampleObject(name = "veeam", value = Examples.VEEAM_POLICY),
                                            @ExampleObject(name = "veeam-restore-test",
                                                    summary = "The same with a weekly restore test",
                                                    value = Examples.VEEAM_POLICY_RESTORE_TEST)}))
                            String body) {
        BackupPolicy policy = validPolicy(body);
        return ok(policies.replace(id, policy, Preconditions.expectedVersion(ifMatch), actor()));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a policy",
            description = "It schedules nothing more; its backups are kept until their retention ends.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "400", description = INVALID_IF_MATCH)
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "412", description = STALE)
    public Response delete(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        policies.delete(id, Preconditions.expectedVersion(ifMatch), actor());
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/enable")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Enable a policy")
    @APIResponse(responseCode = "200", description = "The policy, a new version if that changed anything",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PolicyRepresentation.class)),
            headers = @Header(name = "ETag", description = "Its version", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = INVALID_IF_MATCH)
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "412", description = STALE)
    public Response enable(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        return ok(policies.setEnabled(id, true, Preconditions.expectedVersion(ifMatch), actor()));
    }

    @POST
    @Path("{id}/disable")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Disable a policy", description = "No more backups; existing ones keep their retention.")
    @APIResponse(responseCode = "200", description = "The policy, a new version if that changed anything",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PolicyRepresentation.class)),
            headers = @Header(name = "ETag", description = "Its version", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = INVALID_IF_MATCH)
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "412", description = STALE)
    public Response disable(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        return ok(policies.setEnabled(id, false, Preconditions.expectedVersion(ifMatch), actor()));
    }

    @GET
    @Path("{id}/versions")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER, Roles.AUDITOR})
    @Operation(summary = "The version history of a policy", description = "Oldest first; also for a deleted policy.")
    @APIResponse(responseCode = "200", description = "Every version, oldest first")
    @APIResponse(responseCode = "404", description = "No policy ever had this id")
    public List<PolicyVersionRepresentation> versions(@PathParam("id") UUID id) {
        return policies.versions(id).stream().map(PolicyVersionRepresentation::of).toList();
    }

    @POST
    @Path("simulate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER, Roles.AUDITOR})
    @Operation(summary = "Simulate a policy",
            description = "For one table whose backups all succeed: every restore point whose slot is in [from, to)"
                    + " with its flags, when each flag is unassigned, when the point expires and when it is archived"
                    + " (null: not before to). With tableSizeGb, also the storage it keeps and its cost in us-east-1,"
                    + " next to the same schedules in AWS Backup (docs/archive.md)."
                    + " At most " + SimulationRequest.MAX_YEARS + " years.")
    @APIResponse(responseCode = "200", description = "The simulated restore points and a summary", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SimulationResult")))
    @APIResponse(responseCode = "400", description = INVALID_POLICY + "; or from and to missing, not instants, not"
            + " in order or more than " + SimulationRequest.MAX_YEARS + " years apart; or tableSizeGb not a number"
            + " above 0 and at most 1000000, pointInTimeRecovery not a boolean or without tableSizeGb")
    @APIResponse(responseCode = "415", description = NOT_JSON)
    public Response simulate(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "SimulationRequest"), examples = @ExampleObject(name = "veeam", value = Examples.VEEAM_SIMULATION))) String body) {
        SimulationRequest request = SimulationRequest.parse(body);
        return simulation(request.policy(), request.from(), request.to(), request.sizing());
    }

    @GET
    @Path("{id}/simulate")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER, Roles.AUDITOR})
    @Operation(summary = "Simulate a stored policy",
            description = "from defaults to now, to to one year after from; at most " + SimulationRequest.MAX_YEARS + " years.")
    @APIResponse(responseCode = "200", description = "The simulated restore points and a summary", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SimulationResult")))
    @APIResponse(responseCode = "400", description = "from or to not an instant, not in order, or more than "
            + SimulationRequest.MAX_YEARS + " years apart; tableSizeGb not a number above 0 and at most 1000000; "
            + "pointInTimeRecovery not a boolean or without tableSizeGb")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Response simulateStored(@PathParam("id") UUID id,
                                   @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                                   @QueryParam("from") String from,
                                   @Parameter(schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                                   @QueryParam("to") String to,
                                   @Parameter(description = "the table's size in GB, for a storage estimate")
                                   @QueryParam("tableSizeGb") String tableSizeGb,
                                   @Parameter(description = "whether the table has point-in-time recovery (with "
                                           + "tableSizeGb)", schema = @Schema(type = SchemaType.BOOLEAN))
                                   @QueryParam("pointInTimeRecovery") String pointInTimeRecovery) {
        BackupPolicy policy = policies.get(id).policy();
        Instant start = from == null ? clock.instant() : SimulationRequest.parseInstant("from", from);
        Instant end = to == null ? start.atOffset(ZoneOffset.UTC).plusYears(1).toInstant()
                : SimulationRequest.parseInstant("to", to);
        SimulationRequest.checkRange(start, end);
        return simulation(policy, start, end, SimulationRequest.sizing(tableSizeGb, pointInTimeRecovery));
    }

    /** The simulation in exactly the JSON shape of retention-semantics section 7, as contracts writes it. */
    private static Response simulation(BackupPolicy policy, Instant from, Instant to,
                                       SimulationRequest.Sizing sizing) {
        try {
            return Response.ok(Json.mapper().writeValueAsString(sizing == null ? Simulation.run(policy, from, to)
                    : Simulation.run(policy, from, to, sizing.tableSizeGb(), sizing.pointInTimeRecovery(),
                            StorageEstimate.Prices.US_EAST_1)), MediaType.APPLICATION_JSON).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a simulation result", e);
        }
    }

    /** A query parameter that is a whole number, or its default when absent (a 400 rather than JAX-RS's 404). */
    private static int wholeNumber(String parameter, String value, int defaultValue) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of(parameter, "\"" + value + "\" is not a whole number");
        }
    }

    /** Reads and validates a policy document; every problem becomes a 400 entry. */
    static BackupPolicy validPolicy(String body) {
        Validated<BackupPolicy> policy = PolicyJson.read(body == null ? "" : body);
        if (!policy.isValid()) {
            throw new InvalidRequestException(policy.violations());
        }
        return policy.value();
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private static Response ok(StoredPolicy stored) {
        return Response.ok(PolicyRepresentation.of(stored)).tag(etagValue(stored)).build();
    }

    private static EntityTag etagValue(StoredPolicy stored) {
        return new EntityTag(Long.toString(stored.version()));
    }
}
