package io.gfsbackup.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

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
class PolicyCrudTest {

    static final String POLICIES = "/api/v1/policies";

    @Test
    void createAnswers201WithLocationEtagAndTheStoredPolicyWithDefaultsFilledIn() {
        String body = Samples.veeamPolicy(p -> p.remove("startWindow"));
        Response created = create(body);
        created.then().statusCode(201)
                .header("Location", containsString(POLICIES + "/"))
                .header("ETag", "\"1\"")
                .body("version", is(1))
                .body("createdBy", is("test-admin"))
                .body("policy.schedule.weekly.keep", is("P14D"))
                .body("policy.startWindow", is("PT1H"));
        String id = created.path("id");
        given().header("Authorization", Tokens.viewer()).get(created.header("Location"))
                .then().statusCode(200).header("ETag", "\"1\"").body("id", is(id));
    }

    @Test
    void anUnknownIdAnswers404AsProblemJson() {
        given().header("Authorization", Tokens.viewer())
                .get(POLICIES + "/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", is(404)).body("detail", containsString("00000000-0000-0000-0000-000000000000"));
    }

    @Test
    void aSecondPolicyWithTheSameNameAnswers409() {
        String body = Samples.veeamPolicy();
        create(body).then().statusCode(201);
        create(body).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("exists already"));
    }

    @Test
    void renamingToAnotherPolicysNameAnswers409() {
        String taken = create(Samples.veeamPolicy()).path("policy.name");
        String id = create(Samples.veeamPolicy()).path("id");
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON)
                .body(Samples.veeamPolicy(p -> p.put("name", taken)))
                .put(POLICIES + "/" + id).then().statusCode(409);
    }

    @Test
    void replaceMakesANewVersionAndAnswersItsEtag() {
        Response created = create(Samples.veeamPolicy());
        String id = created.path("id");
        String name = created.path("policy.name");
        given().header("Authorization", Tokens.admin()).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body(Samples.veeamPolicy(p -> {
                    p.put("name", name);
                    p.put("description", "now kept longer");
                }))
                .put(POLICIES + "/" + id)
                .then().statusCode(200).header("ETag", "\"2\"").body("version", is(2))
                .body("policy.description", is("now kept longer"));
    }

    @Test
    void addingChangingAndRemovingAnArchiveEachMakeANewVersionThatDisablingKeeps() {
        Response created = create(Samples.veeamPolicy());
        String id = created.path("id");
        String name = created.path("policy.name");
        created.then().body("policy.archive", is(nullValue()));
        given().header("Authorization", Tokens.admin()).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body(Samples.archivePolicy(p -> p.put("name", name)))
                .put(POLICIES + "/" + id)
                .then().statusCode(200).header("ETag", "\"2\"")
                .body("policy.archive.after", is("P30D"))
                .body("policy.archive.tiers", contains("M"))
                .body("policy.archive.mode", is("MOVE"))
                .body("policy.archive.storageClass", is("GLACIER_IR"))
                .body("policy.archive.target.bucket", is("gfs-archive"))
                .body("policy.archive.target.prefix", is("gfs"));
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON)
                .body(Samples.archivePolicy(p -> {
                    p.put("name", name);
                    ((ObjectNode) p.get("archive")).put("after", "P45D").put("mode", "COPY");
                }))
                .put(POLICIES + "/" + id).then().statusCode(200).body("version", is(3));
        given().header("Authorization", Tokens.admin()).post(POLICIES + "/" + id + "/disable")
                .then().statusCode(200).body("version", is(4)).body("policy.archive.after", is("P45D"));
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON)
                .body(Samples.veeamPolicy(p -> p.put("name", name))).put(POLICIES + "/" + id)
                .then().statusCode(200).body("version", is(5)).body("policy.archive", is(nullValue()));

        given().header("Authorization", Tokens.auditor()).get(POLICIES + "/" + id + "/versions")
                .then().statusCode(200)
                .body("change", contains("CREATED", "REPLACED", "REPLACED", "DISABLED", "REPLACED"))
                .body("collect { it.policy.archive?.after }", contains(null, "P30D", "P45D", "P45D", null))
                .body("collect { it.policy.archive?.mode }", contains(null, "MOVE", "COPY", "COPY", null));
    }

    @Test
    void addingChangingAndRemovingARestoreTestEachMakeANewVersionThatDisablingKeeps() {
        Response created = create(Samples.veeamPolicy());
        String id = created.path("id");
        String name = created.path("policy.name");
        created.then().body("policy.restoreTest", is(nullValue()));
        given().header("Authorization", Tokens.admin()).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body(Samples.restoreTestPolicy(p -> p.put("name", name)))
                .put(POLICIES + "/" + id)
                .then().statusCode(200).header("ETag", "\"2\"")
                .body("policy.restoreTest.day", is("SAT"))
                .body("policy.restoreTest.point", is("RANDOM"))
                .body("policy.restoreTest.withinDays", is(30))
                .body("policy.restoreTest.maxTableSizeBytes", is(10737418240L))
                .body("policy.restoreTest.validation.itemCountTolerance", is(0.1f))
                .body("policy.restoreTest.keepFor", is("PT0S"));
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON)
                .body(Samples.restoreTestPolicy(p -> {
                    p.put("name", name);
                    ((ObjectNode) p.get("restoreTest")).put("keepFor", "PT24H");
                }))
                .put(POLICIES + "/" + id).then().statusCode(200).body("version", is(3));
        given().header("Authorization", Tokens.admin()).post(POLICIES + "/" + id + "/disable")
                .then().statusCode(200).body("version", is(4)).body("policy.restoreTest.keepFor", is("PT24H"));
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON)
                .body(Samples.veeamPolicy(p -> p.put("name", name))).put(POLICIES + "/" + id)
                .then().statusCode(200).body("version", is(5)).body("policy.restoreTest", is(nullValue()));

        given().header("Authorization", Tokens.auditor()).get(POLICIES + "/" + id + "/versions")
                .then().statusCode(200)
                .body("change", contains("CREATED", "REPLACED", "REPLACED", "DISABLED", "REPLACED"))
                .body("collect { it.policy.restoreTest?.keepFor }", contains(null, "PT0S", "PT24H", "PT24H", null));
    }

    @Test
    void aWriteWithAStaleIfMatchAnswers412AndChangesNothing() {
        Response created = create(Samples.veeamPolicy());
        String id = created.path("id");
        given().header("Authorization", Tokens.admin()).post(POLICIES + "/" + id + "/disable")
                .then().statusCode(200).header("ETag", "\"2\"");
        given().header("Authorization", Tokens.admin()).header("If-Match", "\"1\"").contentType(ContentType.JSON)
                .body(Samples.veeamPolicy()).put(POLICIES + "/" + id)
                .then().statusCode(412).contentType("application/problem+json")
                .body("detail", containsString("is at version 2, not 1"));
        given().header("Authorization", Tokens.admin()).header("If-Match", "\"1\"")
                .delete(POLICIES + "/" + id).then().statusCode(412);
        given().header("Authorization", Tokens.viewer()).get(POLICIES + "/" + id)
                .then().statusCode(200).body("version", is(2));
    }

    @Test
    void enableAndDisableMakeVersionsOnlyWhenTheyChangeSomething() {
        String id = create(Samples.veeamPolicy()).path("id");
        given().header("Authorization", Tokens.admin()).post(POLICIES + "/" + id + "/disable")
                .then().statusCode(200).body("version", is(2)).body("policy.enabled", is(false));
        given().header("Authorization", Tokens.admin()).post(POLICIES + "/" + id + "/disable")
                .then().statusCode(200).body("version", is(2));
        given().header("Authorization", Tokens.admin()).header("If-Match", "\"2\"")
                .post(POLICIES + "/" + id + "/enable")
                .then().statusCode(200).body("version", is(3)).body("policy.enabled", is(true));
    }

    @Test
    void versionsListWhoChangedWhatAndWhenAndOutliveTheDeletedPolicy() {
        String id = create(Samples.veeamPolicy()).path("id");
        given().header("Authorization", Tokens.admin()).post(POLICIES + "/" + id + "/disable").then().statusCode(200);
        given().header("Authorization", Tokens.bearer("bob", "backup-admin")).delete(POLICIES + "/" + id)
                .then().statusCode(204);

        given().header("Authorization", Tokens.viewer()).get(POLICIES + "/" + id).then().statusCode(404);
        given().header("Authorization", Tokens.auditor()).get(POLICIES + "/" + id + "/versions")
                .then().statusCode(200)
                .body("version", contains(1, 2, 3))
                .body("change", contains("CREATED", "DISABLED", "DELETED"))
                .body("changedBy", contains("test-admin", "test-admin", "bob"))
                .body("changedAt", everyItem(notNullValue()))
                .body("policy.enabled", contains(true, false, false));
    }

    @Test
    void aDeletedPolicysNameCanBeUsedAgain() {
        String body = Samples.veeamPolicy();
        String id = create(body).path("id");
        given().header("Authorization", Tokens.admin()).delete(POLICIES + "/" + id).then().statusCode(204);
        create(body).then().statusCode(201);
    }

    @Test
    void listingPagesSortedByNameAndFiltersByNameAndEnabled() {
        String prefix = "list-" + Samples.uniqueName();
        for (String suffix : new String[] {"c", "a", "b"}) {
            create(Samples.veeamPolicy(p -> p.put("name", prefix + "-" + suffix))).then().statusCode(201);
        }
        String disabled = create(Samples.veeamPolicy(p -> {
            p.put("name", prefix + "-d");
            p.put("enabled", false);
        })).path("id");

        given().header("Authorization", Tokens.viewer())
                .queryParam("name", prefix.toUpperCase()).queryParam("size", 2).queryParam("page", 0)
                .get(POLICIES).then().statusCode(200)
                .body("items.policy.name", contains(prefix + "-a", prefix + "-b"))
                .body("totalItems", is(4)).body("totalPages", is(2)).body("size", is(2));
        given().header("Authorization", Tokens.viewer())
                .queryParam("name", prefix).queryParam("size", 2).queryParam("page", 1)
                .get(POLICIES).then().statusCode(200)
                .body("items.policy.name", contains(prefix + "-c", prefix + "-d"));
        given().header("Authorization", Tokens.viewer())
                .queryParam("name", prefix).queryParam("enabled", false)
                .get(POLICIES).then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo(disabled));
    }

    @Test
    void aNameFilterWithAControlCharacterAnswers400NamingTheParameter() {
        given().header("Authorization", Tokens.viewer()).queryParam("name", "a\u0000b").get(POLICIES)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", is("name"));
    }

    @Test
    void aPageSizeOutOfRangeAnswers400NamingTheParameter() {
        given().header("Authorization", Tokens.viewer()).queryParam("size", 1000).get(POLICIES)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", is("size"))
                .body("violations[0].message", endsWith("use 1 to 200"));
    }

    static Response create(String body) {
        return given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON).body(body)
                .post(POLICIES);
    }
}
