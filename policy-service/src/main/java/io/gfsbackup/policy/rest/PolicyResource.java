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
import jakarta.ws.rs.DefaultValue;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.gfsbackup.contracts.Json;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.PolicyJson;
import io.gfsbackup.contracts.policy.Validated;
import io.gfsbackup.contracts.simulation.Simulation;
import io.gfsbackup.policy.service.PolicyService;
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

    private final PolicyService policies;
    private final SecurityIdentity identity;
    private final Clock clock;

    PolicyResource(PolicyService policies, SecurityIdentity identity, Clock clock) {
        this.policies = policies;
        this.identity = identity;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a policy", description = "Answers 201 with the stored policy and its Location.")
    public Response create(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "veeam", summary = "The Veeam harmonized-scheduling example",
                    value = Examples.VEEAM_POLICY))) String body, @Context UriInfo uri) {
        StoredPolicy stored = policies.create(validPolicy(body), actor());
        return Response.created(URI.create(uri.getPath() + "/" + stored.id()))
                .tag(etagValue(stored)).entity(PolicyRepresentation.of(stored)).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER, Roles.AUDITOR})
    @Operation(summary = "List policies", description = "Sorted by name; page counts from 0.")
    public PolicyListRepresentation list(@QueryParam("name") String name, @QueryParam("enabled") Boolean enabled,
                                         @QueryParam("page") @DefaultValue("0") int page,
                                         @QueryParam("size") @DefaultValue("20") int size) {
        if (page < 0) {
            throw InvalidRequestException.of("page", page + " is negative; pages count from 0");
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
    public Response get(@PathParam("id") UUID id) {
        return ok(policies.get(id));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace a policy", description = "A new version; 412 if If-Match names an older one.")
    public Response replace(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                            @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                    examples = @ExampleObject(name = "veeam", value = Examples.VEEAM_POLICY)))
                            String body) {
        BackupPolicy policy = validPolicy(body);
        return ok(policies.replace(id, policy, Preconditions.expectedVersion(ifMatch), actor()));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a policy",
            description = "It schedules nothing more; its backups are kept until their retention ends.")
    public Response delete(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        policies.delete(id, Preconditions.expectedVersion(ifMatch), actor());
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/enable")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Enable a policy")
    public Response enable(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        return ok(policies.setEnabled(id, true, Preconditions.expectedVersion(ifMatch), actor()));
    }

    @POST
    @Path("{id}/disable")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Disable a policy", description = "No more backups; existing ones keep their retention.")
    public Response disable(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
        return ok(policies.setEnabled(id, false, Preconditions.expectedVersion(ifMatch), actor()));
    }

    @GET
    @Path("{id}/versions")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER, Roles.AUDITOR})
    @Operation(summary = "The version history of a policy", description = "Oldest first; also for a deleted policy.")
    public List<PolicyVersionRepresentation> versions(@PathParam("id") UUID id) {
        return policies.versions(id).stream().map(PolicyVersionRepresentation::of).toList();
    }

    @POST
    @Path("simulate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER, Roles.AUDITOR})
    @Operation(summary = "Simulate a policy",
            description = "For one table whose backups all succeed: every restore point whose slot is in [from, to)"
                    + " with its flags, when each flag is unassigned and when the point expires (null: not before to)."
                    + " At most " + SimulationRequest.MAX_YEARS + " years.")
    public Response simulate(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "veeam", value = Examples.VEEAM_SIMULATION))) String body) {
        SimulationRequest request = SimulationRequest.parse(body);
        return simulation(request.policy(), request.from(), request.to());
    }

    @GET
    @Path("{id}/simulate")
    @RolesAllowed({Roles.ADMIN, Roles.VIEWER, Roles.AUDITOR})
    @Operation(summary = "Simulate a stored policy",
            description = "from defaults to now, to to one year after from; at most " + SimulationRequest.MAX_YEARS + " years.")
    public Response simulateStored(@PathParam("id") UUID id, @QueryParam("from") String from,
                                   @QueryParam("to") String to) {
        BackupPolicy policy = policies.get(id).policy();
        Instant start = from == null ? clock.instant() : SimulationRequest.parseInstant("from", from);
        Instant end = to == null ? start.atOffset(ZoneOffset.UTC).plusYears(1).toInstant()
                : SimulationRequest.parseInstant("to", to);
        SimulationRequest.checkRange(start, end);
        return simulation(policy, start, end);
    }

    /** The simulation in exactly the JSON shape of retention-semantics section 7, as contracts writes it. */
    private static Response simulation(BackupPolicy policy, Instant from, Instant to) {
        try {
            return Response.ok(Json.mapper().writeValueAsString(Simulation.run(policy, from, to)),
                    MediaType.APPLICATION_JSON).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a simulation result", e);
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
