package io.gfsbackup.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
class OpenApiTest {

    @Test
    void theOpenApiDocumentDescribesThePolicyApiWithTheVeeamExampleAndBearerSecurity() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.schemas.Policy.required", hasItems("name", "selection", "schedule"))
                .body("paths.'/api/v1/policies'.post.requestBody.content.'application/json'.schema.'$ref'",
                        is("#/components/schemas/Policy"))
                .body("paths.'/api/v1/policies/{id}'.put.responses.keySet()",
                        hasItems("200", "400", "401", "403", "404", "409", "412", "415"))
                .body("paths.'/api/v1/policies/{id}'.put.responses.'412'.content.'application/problem+json'.schema.'$ref'",
                        is("#/components/schemas/Problem"))
                .body(containsString("/api/v1/policies/{id}/versions"))
                .body(containsString("/api/v1/policies/simulate"))
                .body(containsString("order_transaction-*"))
                .body(containsString("\"bearer\""));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
