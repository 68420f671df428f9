package io.gfsbackup.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.deploy.infra.JwtIssuer;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.retention.command.ChainCommands;
import io.gfsbackup.retention.persistence.LegalHoldTable;
import io.gfsbackup.retention.support.BackupEvents;
import io.gfsbackup.retention.support.Chains;
import io.gfsbackup.retention.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Legal holds through the REST API: the reason a caller must give, and the legal-hold table the backup worker reads
 * (on moto), written before the chain holds a point and cleared before it lets one go.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class LegalHoldTest {

    private static final String PATH = "/api/v1/chains/{id}/points/{slot}/legal-hold";
    private static final String REASON = "litigation hold, case 2026-17";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "gfs.retention.holds.table")
    String holdTable;

    @Inject
    Clock clock;

    @Inject
    ChainCommands commands;

    @Inject
    DynamoDbClient dynamo;

    @Inject
    LegalHoldTable holds;

    private TestTime time;
    private UUID policy;
    private TableRef table;
    private UUID chainId;
    private Instant slot;

    @BeforeEach
    void recordAPoint() {
        time = new TestTime(bootstrapServers, clock);
        policy = UUID.randomUUID();
        table = Chains.uniqueTable("hold");
        chainId = Ids.chainId(policy, table.arn());
        slot = time.freshDay().plus(Duration.ofHours(7));
        commands.handle(BackupEvents.created(policy, table, slot, Flags.of(Tier.D), Chains.veeam(0)));
    }

    @AfterEach
    void disconnect() {
        time.close();
    }

    @Test
    void placingAHoldWritesItsItemBeforeAnswering() {
        Instant now = clock.instant();

        place(json(REASON)).statusCode(200).body("legalHold", is(true));

        assertThat(item(slot)).isEqualTo(Map.of(
                "dueId", s(Ids.dueId(policy, table.arn(), slot).toString()),
                "chainId", s(chainId.toString()),
                "tableArn", s(table.arn()),
                "slot", s(slot.toString()),
                "placedBy", s("test-admin"),
                "reason", s(REASON),
                "placedAt", s(now.toString())));
    }

    @Test
    void releasingAHoldRemovesItsItem() {
        place(json(REASON)).statusCode(200);

        release(json("case closed")).statusCode(200).body("legalHold", is(false));

        assertThat(item(slot)).isEmpty();
    }

    @Test
    void placingAHoldAgainKeepsWhoPlacedTheHoldInForce() {
        place(json(REASON)).statusCode(200);

        given().header("Authorization", Tokens.bearer("someone-else", JwtIssuer.ADMIN))
                .contentType(ContentType.JSON).body(json("another reason"))
                .post(PATH, chainId, slot.toString()).then().statusCode(200)
                .body("hold.by", is("test-admin")).body("hold.reason", is(REASON));

        assertThat(item(slot)).containsEntry("placedBy", s("test-admin")).containsEntry("reason", s(REASON));
    }

    @Test
    void aHoldTheChainRefusesLeavesNoItem() {
        Instant unknownSlot = slot.plus(Duration.ofHours(4));
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON).body(json(REASON))
                .post(PATH, chainId, unknownSlot.toString()).then().statusCode(404);
        assertThat(item(unknownSlot)).isEmpty();

        time.set(slot.plus(Duration.ofDays(3)));
        await().atMost(Duration.ofSeconds(30)).until(() -> given()
                .header("Authorization", Tokens.viewer()).get("/api/v1/chains/{id}", chainId)
                .jsonPath().getBoolean("points[0].alive") == Boolean.FALSE);
        place(json(REASON)).statusCode(409);
        assertThat(item(slot)).isEmpty();
    }

    @Test
    void aReleaseTheChainRefusesPutsTheItemBack() {
        Instant unknownSlot = slot.plus(Duration.ofHours(4));
        UUID dueId = Ids.dueId(policy, table.arn(), unknownSlot);
        holds.put(new LegalHoldTable.Hold(dueId, chainId, table.arn(), unknownSlot, "test-admin", REASON, slot));

        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON).body(json("case closed"))
                .delete(PATH, chainId, unknownSlot.toString()).then().statusCode(404);

        assertThat(item(unknownSlot)).containsEntry("reason", s(REASON));
        holds.remove(dueId);
    }

    @Test
    void aHoldTableThatCannotBeWrittenIsA503AndTheChainIsNotChanged() {
        dynamo.deleteTable(b -> b.tableName(holdTable));
        try {
            place(json(REASON)).statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("detail", containsString(holdTable));
        } finally {
            holds.ensureTable();
        }
        given().header("Authorization", Tokens.viewer()).get("/api/v1/chains/{id}", chainId)
                .then().statusCode(200).body("points[0].legalHold", is(false));
    }

    @Test
    void aMissingBlankLongOrMultiLineReasonIsABadRequestNamingTheReason() {
        for (String body : new String[] {"", "{}", "[]", "not json", "{\"reason\": null}", "{\"reason\": 17}",
                json("   "), json("x".repeat(1001)), "{\"reason\": \"two\\nlines\"}", "{\"reason\": \"nul\\u0000\"}"}) {
            place(body).statusCode(400).contentType("application/problem+json")
                    .body("violations[0].field", is("reason"));
            release(body).statusCode(400).body("violations[0].field", is("reason"));
        }
        place("{\"reason\": \"ok\", \"by\": \"someone\"}").statusCode(400).body("violations[0].field", is("by"));
        assertThat(item(slot)).isEmpty();
        place(json("x".repeat(1000))).statusCode(200);
        assertThat(item(slot)).containsEntry("reason", s("x".repeat(1000)));
    }

    private ValidatableResponse place(String body) {
        return given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON).body(body)
                .post(PATH, chainId, slot.toString()).then();
    }

    private ValidatableResponse release(String body) {
        return given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON).body(body)
                .delete(PATH, chainId, slot.toString()).then();
    }

    private Map<String, AttributeValue> item(Instant pointSlot) {
        return dynamo.getItem(b -> b.tableName(holdTable).consistentRead(true)
                .key(Map.of("dueId", s(Ids.dueId(policy, table.arn(), pointSlot).toString())))).item();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static String json(String reason) {
        return "{\"reason\": \"" + reason + "\"}";
    }
}
