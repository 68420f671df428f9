package io.gfsbackup.operations.rest;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
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

import io.gfsbackup.rest.InvalidParameterException;
import io.gfsbackup.contracts.policy.Validated;
import io.gfsbackup.contracts.policy.Violation;
import io.gfsbackup.operations.notify.InvalidRuleException;
import io.gfsbackup.operations.notify.NotificationRule;
import io.gfsbackup.operations.notify.RuleJson;
import io.gfsbackup.operations.notify.RuleNotFoundException;
import io.gfsbackup.operations.notify.RuleStore;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Notification rules: which events of which policies go to which channel. Writes need {@code backup-admin}; reads
 * any role. Every change makes a new version, carried as {@code ETag}; {@code PUT} must send it back as
 * {@code If-Match} (428 without, 412 when the rule has changed since), {@code DELETE} may. Secrets are never
 * answered: a webhook's {@code secret} and a Slack {@code webhookUrl} are masked ({@value RuleJson#MASK}), and a
 * {@code PUT} that leaves them out or sends the mask back keeps the stored ones.
 */
@Path("/api/v1/notification-rules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notification rules")
@SecurityRequirement(name = "bearer")
public class NotificationRuleResource {

    private static final String INVALID = "The rule is not valid: every problem is in violations, each with its field"
            + " path and what would be valid";
    private static final String NOT_FOUND = "No such rule";
    private static final String DUPLICATE = "Another rule has that name";
    private static final String STALE = "If-Match names a version that is no longer current";
    private static final String REQUIRED = "If-Match is missing: send the ETag of your last read";
    private static final String NOT_JSON = "The body is not application/json";
    private static final String EXAMPLE = """
            {"name": "orders on call", "enabled": true, "events": ["BACKUP_FAILED", "SLOT_MISSED", "DAILY_DIGEST"],
             "policies": ["3f1c0a4e-9b7d-4c2a-8e5f-1a2b3c4d5e6f"],
             "channel": {"type": "WEBHOOK", "url": "https://ops.example.com/hooks/backup",
                         "secret": "a-shared-secret-of-16-or-more"},
             "digest": {"hour": 7, "timeZone": "Europe/Berlin"}}""";

    @Inject
    RuleStore rules;

    @Inject
    SecurityIdentity identity;

    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a notification rule", description = "Answers 201 with the rule and its Location.")
    @APIResponse(responseCode = "201", description = "Created: version 1", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RuleRepresentation.class)),
            headers = {
                    @Header(name = "Location", description = "The rule's URL", schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "ETag", description = "Its version, \"1\"", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "400", description = INVALID)
    @APIResponse(responseCode = "409", description = DUPLICATE)
    @APIResponse(responseCode = "415", description = NOT_JSON)
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(name = "webhook", value = EXAMPLE)))
                           String body, @Context UriInfo uri) {
        NotificationRule.Draft draft = valid(RuleJson.read(body, null), List.of());
        NotificationRule rule = rules.create(draft, actor(), clock.instant());
        return Response.created(URI.create(uri.getPath() + "/" + rule.id())).tag(etag(rule))
                .entity(RuleRepresentation.of(rule)).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.AUDITOR})
    @Operation(summary = "Every notification rule, by name")
    @APIResponse(responseCode = "200", description = "The rules, secrets masked")
    public RuleRepresentation.Listing list() {
        return new RuleRepresentation.Listing(rules.list().stream().map(RuleRepresentation::of).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.AUDITOR})
    @Operation(summary = "One notification rule", description = "The ETag header carries its version.")
    @APIResponse(responseCode = "200", description = "The rule, secrets masked", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RuleRepresentation.class)),
            headers = @Header(name = "ETag", description = "Its version", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "id is not a UUID")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Response get(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id")
                        String id) {
        return ok(find(id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace a notification rule",
            description = "A new version. If-Match is required; a secret left out or sent back masked is kept.")
    @APIResponse(responseCode = "200", description = "The new version", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RuleRepresentation.class)),
            headers = @Header(name = "ETag", description = "Its version", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = INVALID + "; or If-Match is not an ETag of this API")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = DUPLICATE)
    @APIResponse(responseCode = "412", description = STALE)
    @APIResponse(responseCode = "415", description = NOT_JSON)
    @APIResponse(responseCode = "428", description = REQUIRED)
    public Response replace(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id")
                            String id,
                            @Parameter(description = "the ETag of your last read, e.g. \"3\"", required = true)
                            @HeaderParam("If-Match") String ifMatch,
                            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                    schema = @Schema(type = SchemaType.OBJECT),
                                    examples = @ExampleObject(name = "webhook", value = EXAMPLE))) String body) {
        NotificationRule current = find(id);
        NotificationRule.Draft draft = valid(RuleJson.read(body, current.channel().type()),
                Preconditions.problem(ifMatch).stream().toList());
        if (!Preconditions.present(ifMatch)) {
            throw new PreconditionRequiredException("a rule is replaced only with If-Match: send the ETag of your last"
                    + " read, e.g. If-Match: \"" + current.version() + "\" (or If-Match: * to replace any version)");
        }
        return ok(rules.replace(current.id(), draft, Preconditions.expectedVersion(ifMatch), actor(),
                clock.instant()));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a notification rule",
            description = "Its notifications not delivered yet are cancelled. If-Match is optional.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "400", description = "id is not a UUID, or If-Match is not an ETag of this API")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "412", description = STALE)
    public Response delete(@Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid")) @PathParam("id")
                           String id, @HeaderParam("If-Match") String ifMatch) {
        UUID ruleId = Parameters.uuid("id", id);
        Preconditions.problem(ifMatch).ifPresent(problem -> {
            throw new InvalidRuleException(List.of(problem));
        });
        rules.delete(ruleId == null ? missingId() : ruleId, Preconditions.expectedVersion(ifMatch));
        return Response.noContent().build();
    }

    private NotificationRule find(String id) {
        UUID ruleId = Parameters.uuid("id", id);
        return rules.find(ruleId == null ? missingId() : ruleId)
                .orElseThrow(() -> new RuleNotFoundException(ruleId));
    }

    private static UUID missingId() {
        throw new InvalidParameterException("id", "is required; use the UUID of a notification rule");
    }

    /** The draft, or a 400 with its violations and {@code more}. */
    private static NotificationRule.Draft valid(Validated<NotificationRule.Draft> draft, List<Violation> more) {
        if (draft.isValid() && more.isEmpty()) {
            return draft.value();
        }
        List<Violation> all = new ArrayList<>(draft.violations());
        all.addAll(more);
        throw new InvalidRuleException(all);
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private static Response ok(NotificationRule rule) {
        return Response.ok(RuleRepresentation.of(rule)).tag(etag(rule)).build();
    }

    private static EntityTag etag(NotificationRule rule) {
        return new EntityTag(Long.toString(rule.version()));
    }
}
