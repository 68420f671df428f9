package io.gfsbackup.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.gfsbackup.deploy.infra.JwtIssuer;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
class SecurityTest {

    @Test
    void withoutATokenEveryCallAnswers401() {
        given().get("/api/v1/policies").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().contentType(ContentType.JSON).body(Samples.veeamPolicy()).post("/api/v1/policies")
                .then().statusCode(401);
        given().contentType(ContentType.JSON).body(Samples.read("simulate-veeam.json"))
                .post("/api/v1/policies/simulate").then().statusCode(401);
    }

    @Test
    void aTokenFromAnotherIssuerKeyAnswers401() {
        String forged = new JwtIssuer().token("mallory", List.of(JwtIssuer.ADMIN), Duration.ofHours(1));
        given().header("Authorization", "Bearer " + forged).get("/api/v1/policies").then().statusCode(401);
    }

    @Test
    void anExpiredTokenAnswers401() {
        given().header("Authorization", Tokens.refused(JwtIssuer.AUDIENCE, Duration.ofMinutes(-10), JwtIssuer.ADMIN))
                .get("/api/v1/policies").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenForAnotherAudienceAnswers401() {
        given().header("Authorization", Tokens.refused("another-service", Duration.ofHours(1), JwtIssuer.ADMIN))
                .get("/api/v1/policies").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", Tokens.admin()).get("/api/v1/policies").then().statusCode(200);
    }

    @Test
    void viewersAndAuditorsMayReadAndSimulateButNotWrite() {
        String id = PolicyCrudTest.create(Samples.veeamPolicy()).path("id");
        for (String token : List.of(Tokens.viewer(), Tokens.auditor())) {
            given().header("Authorization", token).get("/api/v1/policies/" + id).then().statusCode(200);
            given().header("Authorization", token).get("/api/v1/policies/" + id + "/versions").then().statusCode(200);
            given().header("Authorization", token).contentType(ContentType.JSON)
                    .body(Samples.read("simulate-veeam.json")).post("/api/v1/policies/simulate")
                    .then().statusCode(200);
            given().header("Authorization", token).contentType(ContentType.JSON).body(Samples.veeamPolicy())
                    .post("/api/v1/policies").then().statusCode(403).contentType("application/problem+json");
            given().header("Authorization", token).post("/api/v1/policies/" + id + "/disable").then().statusCode(403);
            given().header("Authorization", token).delete("/api/v1/policies/" + id).then().statusCode(403);
        }
        given().header("Authorization", Tokens.viewer()).get("/api/v1/policies/" + id)
                .then().statusCode(200).body("version", is(1));
    }

    @Test
    void aTokenWithoutAnyOfTheRolesAnswers403EvenForReads() {
        given().header("Authorization", Tokens.bearer("eve", "billing")).get("/api/v1/policies").then().statusCode(403);
    }

    @Test
    void healthOpenApiAndMetricsNeedNoToken() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
