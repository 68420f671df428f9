package io.gfsbackup.policy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.gfsbackup.deploy.infra.MotoServer;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** The selection preview of a stored policy and of a draft, from moto's tables. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class SelectionPreviewApiTest {

    @Test
    void aStoredPolicyShowsEveryTableItSeesWithTheReasonItIsInOrOut() {
        try (DynamoDbClient dynamo = dynamo()) {
            createTable(dynamo, "preview-orders", Map.of());
            createTable(dynamo, "preview-invoices", Map.of("backup", "preview"));
            createTable(dynamo, "preview-invoices-tmp", Map.of("backup", "preview"));
            createTable(dynamo, "gfs-scratch-preview", Map.of("backup", "preview"));
        }
        String policy = Samples.veeamPolicy(p -> {
            p.put("name", Samples.uniqueName());
            ObjectNode selection = p.putObject("selection");
            selection.put("region", MotoServer.REGION);
            selection.putArray("tables").add("preview-orders").add("gfs-scratch-*");
            selection.putObject("tags").put("backup", "preview");
            selection.putArray("exclude").add("*-tmp");
        });
        String id = PolicyCrudTest.create(policy).then().statusCode(201).extract().path("id");

        var answer = given().header("Authorization", Tokens.viewer()).get("/api/v1/policies/" + id + "/selection")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("scopes[0].region", is(MotoServer.REGION))
                .body("scopes[0].accountId", is(MotoServer.ACCOUNT_ID))
                .extract().jsonPath();
        Map<String, String> rules = new java.util.HashMap<>();
        List<Map<String, Object>> tables = answer.getList("tables");
        for (Map<String, Object> table : tables) {
            rules.put((String) table.get("name"), table.get("selected") + ":" + table.get("rule"));
        }
        assertThat(rules).containsEntry("preview-orders", "true:name")
                .containsEntry("preview-invoices", "true:tag")
                .containsEntry("preview-invoices-tmp", "false:exclude")
                .containsEntry("gfs-scratch-preview", "false:reserved");
    }

    @Test
    void aDraftIsPreviewedBeforeItIsSavedAndAnInvalidOneIsRefusedFieldByField() {
        try (DynamoDbClient dynamo = dynamo()) {
            createTable(dynamo, "draft-ledger", Map.of());
        }
        String draft = Samples.veeamPolicy(p -> {
            ObjectNode selection = p.putObject("selection");
            selection.putArray("regions").add(MotoServer.REGION);
            selection.putArray("tables").add("draft-*");
        });
        given().header("Authorization", Tokens.viewer()).contentType(ContentType.JSON).body(draft)
                .post("/api/v1/policies/drafts/selection").then().statusCode(200)
                .body("selected", is(1))
                .body("tables.findAll { it.selected }.name", hasItem("draft-ledger"));

        String invalid = Samples.veeamPolicy(p -> ((ObjectNode) p.get("selection")).putArray("accounts").addObject()
                .put("accountId", "2222"));
        given().header("Authorization", Tokens.viewer()).contentType(ContentType.JSON).body(invalid)
                .post("/api/v1/policies/drafts/selection").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("selection.accounts[0].accountId"));
    }

    /**
     * A client of the test's moto. Its endpoint is read when needed, not injected: an injected property would be
     * required at every start of the application, also for the tests that run without moto.
     */
    private static DynamoDbClient dynamo() {
        URI moto = ConfigProvider.getConfig().getValue("quarkus.dynamodb.endpoint-override", URI.class);
        return DynamoDbClient.builder().endpointOverride(moto).region(Region.of(MotoServer.REGION))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY)))
                .build();
    }

    private static void createTable(DynamoDbClient dynamo, String name, Map<String, String> tags) {
        dynamo.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                        .toList()));
    }
}
