package io.gfsbackup.retention;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class OpenApiTest {

    @Test
    void theOpenApiDocumentDescribesTheChainApiWithEveryStatusAsProblemJsonAndBearerSecurity() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", hasItems("/api/v1/chains", "/api/v1/chains/{chainId}",
                        "/api/v1/chains/{chainId}/events", "/api/v1/chains/{chainId}/points/{slot}/history",
                        "/api/v1/chains/{chainId}/points/{slot}/legal-hold"))
                .body("paths.'/api/v1/chains/{chainId}/points/{slot}/legal-hold'.post.responses.keySet()",
                        hasItems("200", "400", "401", "403", "404", "409", "415", "503"))
                .body("paths.'/api/v1/chains/{chainId}/points/{slot}/legal-hold'.delete.requestBody.content"
                        + ".'application/json'.schema.'$ref'", is("#/components/schemas/LegalHoldRequest"))
                .body("components.schemas.LegalHoldRequest.required", hasItems("reason"))
                .body("components.schemas.LegalHoldRequest.properties.reason.maxLength", is(1000))
                .body("paths.'/api/v1/chains/{chainId}'.get.responses.'404'.content.'application/problem+json'"
                        + ".schema.'$ref'", is("#/components/schemas/Problem"))
                .body("paths.'/api/v1/chains/{chainId}'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        is("#/components/schemas/ChainView"))
                .body("components.securitySchemes.keySet()", hasItems("bearer"));
    }

    @Test
    void theOpenApiDocumentDescribesTheDeletionsOfAPolicy() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/policies/{policyId}/deletions'.get.responses.keySet()",
                        hasItems("200", "400", "401", "403", "404"))
                .body("paths.'/api/v1/policies/{policyId}/deletions/resume'.post.responses.keySet()",
                        hasItems("200", "400", "401", "403", "404", "409"))
                .body("paths.'/api/v1/policies/{policyId}/deletions/resume'.post.responses.'409'.content"
                        + ".'application/problem+json'.schema.'$ref'", is("#/components/schemas/Problem"))
                .body("paths.'/api/v1/policies/{policyId}/deletions'.get.responses.'200'.content.'application/json'"
                        + ".schema.'$ref'", is("#/components/schemas/DeletionsView"));
    }

    @Test
    void theOpenApiDocumentDescribesTheRestoresOfAPoint() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.schemas.PointView.properties.restores.items.'$ref'",
                        is("#/components/schemas/Restore"))
                .body("components.schemas.Restore.properties.keySet()", hasItems("restoreId", "targetArn",
                        "requestedBy", "requestedAt", "test", "startedBy", "startedAt", "outcome", "endedAt",
                        "timeToRestore", "error"))
                .body("components.schemas.Restore.properties.timeToRestore.'$ref'",
                        is("#/components/schemas/Duration"))
                .body("components.schemas.Duration.type", is("string"))
                .body("components.schemas.Duration.format", is("duration"));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
