package io.gfsbackup.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
class SimulationTest {

    @Test
    void theVeeamPolicyIsSimulatedInTheShapeOfTheRetentionSpec() {
        simulate(Samples.read("simulate-veeam.json")).then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("restorePoints[0].slot", is("2026-01-05T07:00:00Z"))
                .body("restorePoints[0].flags", contains("D", "W", "M"))
                .body("restorePoints[0].unassigned.D", is("2026-01-08T07:00:00Z"))
                .body("restorePoints[0].unassigned.W", is("2026-01-19T07:00:00Z"))
                .body("restorePoints[0].unassigned.M", is("2026-07-05T07:00:00Z"))
                .body("restorePoints[0].expiredAt", is("2026-07-05T07:00:00Z"))
                .body("restorePoints[1].slot", is("2026-01-05T11:00:00Z"))
                .body("restorePoints[1].flags", contains("D"))
                .body("restorePoints[1].expiredAt", is("2026-01-08T11:00:00Z"));
    }

    @Test
    void eventsAtOrAfterToAreNull() {
        String body = "{\"policy\": " + Samples.read("veeam-policy.json")
                + ", \"from\": \"2026-01-05T00:00:00Z\", \"to\": \"2026-01-06T00:00:00Z\"}";
        simulate(body).then().statusCode(200)
                .body("restorePoints.slot", contains("2026-01-05T07:00:00Z", "2026-01-05T11:00:00Z"))
                .body("restorePoints[0].unassigned.D", nullValue())
                .body("restorePoints[0].expiredAt", nullValue());
    }

    @Test
    void anInvalidPolicyGetsTheSame400AsOnCreate() {
        String invalid = Samples.veeamPolicy(p -> ((ObjectNode) p.at("/schedule/weekly")).put("time", "08:00"));
        List<Object> onCreate = PolicyCrudTest.create(invalid).then().statusCode(400).extract().path("violations");
        String body = "{\"policy\": " + invalid + ", \"from\": \"2026-01-05T00:00:00Z\", \"to\": \"2026-02-01T00:00:00Z\"}";
        List<Object> onSimulate = simulate(body).then().statusCode(400).contentType("application/problem+json")
                .extract().path("violations");
        org.assertj.core.api.Assertions.assertThat(onSimulate).isEqualTo(onCreate);
    }

    @Test
    void aRangeLongerThanTenYearsAnswers400() {
        String body = "{\"policy\": " + Samples.read("veeam-policy.json")
                + ", \"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2036-01-02T00:00:00Z\"}";
        simulate(body).then().statusCode(400)
                .body("violations[0].field", is("to"))
                .body("violations[0].message", org.hamcrest.Matchers.containsString("at most 10 years"));
    }

    @Test
    void missingAndMalformedRangeFieldsAreEachNamed() {
        String body = "{\"policy\": " + Samples.read("veeam-policy.json") + ", \"from\": \"yesterday\", \"extra\": 1}";
        simulate(body).then().statusCode(400)
                .body("violations.field", hasItem("from"))
                .body("violations.field", hasItem("to"))
                .body("violations.field", hasItem("extra"));
    }

    @Test
    void aStoredPolicyIsSimulatedByIdWithTheSameAnswer() {
        String id = PolicyCrudTest.create(Samples.read("veeam-policy.json").replace("orders-gfs", Samples.uniqueName()))
                .path("id");
        Response stored = given().header("Authorization", Tokens.viewer())
                .queryParam("from", "2026-01-05T00:00:00Z").queryParam("to", "2026-08-01T00:00:00Z")
                .get("/api/v1/policies/" + id + "/simulate");
        stored.then().statusCode(200);
        Object posted = simulate(Samples.read("simulate-veeam.json")).path("restorePoints");
        org.assertj.core.api.Assertions.assertThat((Object) stored.path("restorePoints")).isEqualTo(posted);
    }

    @Test
    void theVeeamPolicyWithItsColdTierArchivesTheFirstMonthlyPointAfterThirtyDaysAndEstimatesItsCost() {
        String body = "{\"policy\": " + Samples.read("veeam-policy-archive.json")
                + ", \"from\": \"2026-01-05T00:00:00Z\", \"to\": \"2027-01-05T00:00:00Z\", \"tableSizeGb\": 100}";
        simulate(body).then().statusCode(200)
                .body("restorePoints[0].archivedAt", is("2026-02-04T07:00:00Z"))
                .body("restorePoints[1].archivedAt", nullValue())
                .body("summary.restorePoints", is(730))
                .body("storage.tableSizeGb", is(100.0f))
                .body("storage.pointInTimeRecovery", is(false))
                .body("storage.cost.copies", is(150.0f))
                .body("storage.awsBackup.coldGbMonths", is(2416.849f))
                .body("storage.archivedGbMonths", is(2416.849f))
                .body("storage.prices.region", is("us-east-1"))
                .body("storage.prices.archiveGbMonth.GLACIER_IR", is(0.004f));
        simulate(Samples.read("simulate-veeam.json")).then().statusCode(200).body("$", not(hasKey("storage")));
    }

    @Test
    void aColdTierNoPointCouldEverReachIsRefusedNamingTheArchive() {
        String policy = Samples.archivePolicy(p -> ((ObjectNode) p.get("archive")).put("storageClass", "DEEP_ARCHIVE"));
        simulate("{\"policy\": " + policy + ", \"from\": \"2026-01-05T00:00:00Z\", \"to\": \"2026-02-01T00:00:00Z\"}")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", contains("archive.tiers", "archive"))
                .body("violations[1].message", org.hamcrest.Matchers.startsWith("no point could ever be archived"));
    }

    @Test
    void aTableSizeThatIsNoPositiveNumberAndRecoveryWithoutASizeAreEachNamed() {
        String policy = Samples.read("veeam-policy-archive.json");
        simulate("{\"policy\": " + policy + ", \"from\": \"2026-01-05T00:00:00Z\", \"to\": \"2026-02-01T00:00:00Z\","
                + " \"tableSizeGb\": -1}").then().statusCode(400)
                .body("violations.field", contains("tableSizeGb"))
                .body("violations[0].message", is("-1.0 is out of range; use the table's size in GB, more than 0 and "
                        + "at most 1000000, e.g. 12.5"));
        simulate("{\"policy\": " + policy + ", \"from\": \"2026-01-05T00:00:00Z\", \"to\": \"2026-02-01T00:00:00Z\","
                + " \"tableSizeGb\": \"big\", \"pointInTimeRecovery\": \"yes\"}").then().statusCode(400)
                .body("violations.field", containsInAnyOrder("tableSizeGb", "pointInTimeRecovery"));
        simulate("{\"policy\": " + policy + ", \"from\": \"2026-01-05T00:00:00Z\", \"to\": \"2026-02-01T00:00:00Z\","
                + " \"pointInTimeRecovery\": true}").then().statusCode(400)
                .body("violations[0].field", is("pointInTimeRecovery"))
                .body("violations[0].message", is("is only for a storage estimate; give tableSizeGb too"));
    }

    @Test
    void aStoredPolicyWithAColdTierIsEstimatedByQueryParameters() {
        String id = PolicyCrudTest.create(Samples.archivePolicy(p -> { })).path("id");
        given().header("Authorization", Tokens.viewer())
                .queryParam("from", "2026-01-05T00:00:00Z").queryParam("to", "2027-01-05T00:00:00Z")
                .queryParam("tableSizeGb", "100").queryParam("pointInTimeRecovery", "true")
                .get("/api/v1/policies/" + id + "/simulate")
                .then().statusCode(200)
                .body("restorePoints[0].archivedAt", is("2026-02-04T07:00:00Z"))
                .body("storage.pointInTimeRecovery", is(true))
                .body("storage.cost.copies", is(60.0f));
        given().header("Authorization", Tokens.viewer()).queryParam("tableSizeGb", "a lot")
                .get("/api/v1/policies/" + id + "/simulate")
                .then().statusCode(400).body("violations[0].field", is("tableSizeGb"));
    }

    private static Response simulate(String body) {
        return given().header("Authorization", Tokens.viewer()).contentType(ContentType.JSON).body(body)
                .post("/api/v1/policies/simulate");
    }
}
