package io.gfsbackup.rest;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Describes the error answers of a service's OpenAPI document, registered with
 * {@code mp.openapi.filter=io.gfsbackup.rest.ProblemDocumentation}: the {@link Problem} schema, and on every
 * operation every error status it lists answered as {@code application/problem+json} with that schema. Every
 * operation that needs a token lists 401 and 403 too, as {@link CommonProblemMappers} answers them. A resource
 * therefore only names its own error statuses ({@code @APIResponse(responseCode = "404", description = ...)}).
 */
public class ProblemDocumentation implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String VIOLATION = "Violation";

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(OASFactory.createComponents());
        }
        Components components = openApi.getComponents();
        components.addSchema(VIOLATION, violation());
        components.addSchema(PROBLEM, problem());
        if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
            return;
        }
        openApi.getPaths().getPathItems().values().forEach(path -> path.getOperations().values()
                .forEach(operation -> describeErrors(operation, openApi)));
    }

    private static void describeErrors(Operation operation, OpenAPI openApi) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        boolean secured = operation.getSecurity() != null ? !operation.getSecurity().isEmpty()
                : openApi.getSecurity() != null && !openApi.getSecurity().isEmpty();
        if (secured) {
            addIfAbsent(responses, "401", "No valid bearer token (missing, expired, or from an issuer the service"
                    + " does not trust)");
            addIfAbsent(responses, "403", "The token's roles do not allow this operation");
        }
        for (Map.Entry<String, APIResponse> entry : responses.getAPIResponses().entrySet()) {
            if (entry.getKey().startsWith("4") || entry.getKey().startsWith("5")) {
                APIResponse response = entry.getValue();
                if (response.getRef() == null) {
                    response.setContent(problemContent());
                }
            }
        }
    }

    private static void addIfAbsent(APIResponses responses, String status, String description) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(PROBLEM)));
    }

    private static Schema problem() {
        return object("An RFC 9457 problem detail, the body of every error answer")
                .addProperty("type", string("about:blank, or urn:gfs-backup:problem:invalid-request for a 400 with"
                        + " violations").format("uri"))
                .addProperty("title", string("What went wrong, in a few words"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                        .description("The HTTP status"))
                .addProperty("detail", string("What went wrong, in a sentence"))
                .addProperty("violations", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .description("For a 400: every problem found in the request")
                        .items(OASFactory.createSchema().ref(VIOLATION)))
                .addRequired("title").addRequired("status");
    }

    private static Schema violation() {
        return object("One problem of a request")
                .addProperty("field", string("The field path in the body (e.g. schedule.daily.keep), or the name of"
                        + " the parameter or header; empty for the body as a whole"))
                .addProperty("message", string("What is wrong and what would be valid"))
                .addRequired("field").addRequired("message");
    }

    private static Schema object(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description(description);
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
