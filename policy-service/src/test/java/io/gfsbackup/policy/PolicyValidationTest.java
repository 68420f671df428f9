package io.gfsbackup.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

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
class PolicyValidationTest {

    @Test
    void aPolicyBreakingTheSubsetRuleAnswers400NamingTheFieldAndWhatWouldBeValid() {
        PolicyCrudTest.create(Samples.veeamPolicy(p -> ((ObjectNode) p.at("/schedule/weekly")).put("time", "08:00")))
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", is(400))
                .body("violations.field", hasItem("schedule.weekly.time"))
                .body("violations.message", hasItem(containsString("08:00 is not one of the daily times [07:00, 11:00]")));
    }

    @Test
    void everyViolationOfAPolicyIsListed() {
        PolicyCrudTest.create(Samples.veeamPolicy(p -> {
            p.put("timeZone", "Mars/Base");
            ((ObjectNode) p.at("/schedule/daily")).put("keep", "P0D");
            p.put("startWindow", "PT1M");
        })).then().statusCode(400)
                .body("violations", hasSize(3))
                .body("violations.field", hasItem("timeZone"))
                .body("violations.field", hasItem("schedule.daily.keep"))
                .body("violations.field", hasItem("startWindow"));
    }

    @Test
    void aBadRestoreTestAnswers400NamingEachFieldAndWhatWouldBeValid() {
        PolicyCrudTest.create(Samples.restoreTestPolicy(p -> {
            ((ObjectNode) p.get("restoreTest")).put("point", "LATEST");
            ((ObjectNode) p.at("/restoreTest/validation")).put("itemCountTolerance", 1.5);
        })).then().statusCode(400).contentType("application/problem+json")
                .body("violations", hasSize(2))
                .body("violations.field", hasItem("restoreTest.withinDays"))
                .body("violations.message", hasItem(containsString("is only for point RANDOM")))
                .body("violations.field", hasItem("restoreTest.validation.itemCountTolerance"))
                .body("violations.message", hasItem(containsString("use a fraction from 0 to 1")));
    }

    @Test
    void anUnknownFieldAnswers400NamingIt() {
        PolicyCrudTest.create(Samples.veeamPolicy(p -> p.put("retention", "forever")))
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("retention"));
    }

    @Test
    void malformedJsonAnswers400NotA500() {
        PolicyCrudTest.create("{\"name\": \"broken\", ")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations", hasSize(1));
    }

    @Test
    void aValueOfTheWrongTypeAnswers400NamingItsPath() {
        PolicyCrudTest.create(Samples.veeamPolicy(p -> ((ObjectNode) p.at("/schedule/daily")).putArray("times").add("7am")))
                .then().statusCode(400)
                .body("violations.field", hasItem("schedule.daily.times[0]"));
    }

    @Test
    void aBodyThatIsNotJsonAnswers415AsProblemJson() {
        given().header("Authorization", Tokens.admin()).contentType(ContentType.TEXT).body("name=orders")
                .post("/api/v1/policies")
                .then().statusCode(415).contentType("application/problem+json").body("status", is(415));
    }

    @Test
    void anInvalidPutAnswers400AndKeepsTheStoredVersion() {
        String id = PolicyCrudTest.create(Samples.veeamPolicy()).path("id");
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON)
                .body(Samples.veeamPolicy(p -> p.remove("schedule")))
                .put("/api/v1/policies/" + id).then().statusCode(400)
                .body("violations.field", hasItem("schedule"));
        given().header("Authorization", Tokens.viewer()).get("/api/v1/policies/" + id)
                .then().statusCode(200).body("version", is(1));
    }

    @Test
    void aMalformedIfMatchAnswers400NamingTheHeader() {
        String id = PolicyCrudTest.create(Samples.veeamPolicy()).path("id");
        given().header("Authorization", Tokens.admin()).header("If-Match", "yesterday")
                .post("/api/v1/policies/" + id + "/disable")
                .then().statusCode(400).body("violations[0].field", is("If-Match"));
    }
}
