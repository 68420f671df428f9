package io.gfsbackup.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import io.gfsbackup.retention.support.BackupEvents;
import io.gfsbackup.retention.support.Chains;
import io.gfsbackup.retention.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The audit REST API: chains now and as of an instant, events with reasons, a point's history, legal holds. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class ChainAuditTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REASON = "{\"reason\": \"litigation hold\"}";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    @Inject
    ChainCommands commands;

    private TestTime time;
    private UUID policy;
    private TableRef table;
    private UUID chainId;
    private Instant monday0700;
    private Instant monday1100;

    @BeforeEach
    void recordTwoPoints() {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        time = new TestTime(bootstrapServers, clock);
        policy = UUID.randomUUID();
        table = Chains.uniqueTable("audit");
        chainId = Ids.chainId(policy, table.arn());
        Instant day = time.freshDay();
        monday0700 = day.plus(Duration.ofHours(7));
        monday1100 = day.plus(Duration.ofHours(11));
        commands.handle(BackupEvents.created(policy, table, monday0700, Flags.of(Tier.D, Tier.W, Tier.M),
                Chains.veeam(0)));
        commands.handle(BackupEvents.created(policy, table, monday1100, Flags.of(Tier.D), Chains.veeam(0)));
    }

    @AfterEach
    void disconnect() {
        time.close();
    }

    @Test
    void chainNowShowsFlagsUnassignedWhenTheClockPassedTheirExpiry() {
        Instant thursday0700 = monday0700.plus(Duration.ofDays(3));
        time.set(thursday0700);
        await().atMost(WAIT).until(() -> eventTypes().size() == 4);

        given().header("Authorization", Tokens.viewer()).get("/api/v1/chains/{id}", chainId)
                .then().statusCode(200)
                .body("chainId", is(chainId.toString()))
                .body("policyId", is(policy.toString()))
                .body("table.arn", is(table.arn()))
                .body("alivePoints", is(2))
                .body("points[0].slot", is(monday0700.toString()))
                .body("points[0].remainingFlags", contains("W", "M"))
                .body("points[0].unassigned.D", is(thursday0700.toString()))
                .body("points[1].remainingFlags", contains("D"))
                .body("nextDueAt", is(monday1100.plus(Duration.ofDays(3)).toString()));
    }

    @Test
    void chainAsOfAnInstantIsRebuiltFromTheEventsUpToThatInstant() {
        Instant thursday0700 = monday0700.plus(Duration.ofDays(3));
        time.set(thursday0700.plus(Duration.ofHours(5)));
        await().atMost(WAIT).until(() -> eventTypes().size() == 6);

        given().header("Authorization", Tokens.auditor())
                .get("/api/v1/chains/{id}?asOf={asOf}", chainId, thursday0700.minusSeconds(1).toString())
                .then().statusCode(200)
                .body("asOf", is(thursday0700.minusSeconds(1).toString()))
                .body("alivePoints", is(2))
                .body("points[0].remainingFlags", contains("D", "W", "M"));
        given().header("Authorization", Tokens.auditor())
                .get("/api/v1/chains/{id}?asOf={asOf}", chainId, monday0700.toString())
                .then().statusCode(200)
                .body("points", hasSize(1));
        given().header("Authorization", Tokens.auditor())
                .get("/api/v1/chains?policyId={p}&tableArn={t}&asOf={asOf}", policy, table.arn(),
                        thursday0700.plus(Duration.ofHours(4)).toString())
                .then().statusCode(200)
                .body("chainId", is(chainId.toString()))
                .body("alivePoints", is(1))
                .body("points[1].expiredAt", is(monday1100.plus(Duration.ofDays(3)).toString()));
    }

    @Test
    void eventsOfAChainComeInOrderWithTheirReasons() {
        time.set(monday0700.plus(Duration.ofDays(3)));
        await().atMost(WAIT).until(() -> eventTypes().size() == 4);

        given().header("Authorization", Tokens.auditor()).get("/api/v1/chains/{id}/events", chainId)
                .then().statusCode(200)
                .body("type", contains("ChainOpened", "PointRecorded", "PointRecorded", "FlagUnassigned"))
                .body("sequence", contains(0, 1, 2, 3))
                .body("[3].description", is("D unassigned at " + monday0700.plus(Duration.ofDays(3))
                        + " because P3D elapsed"));
    }

    @Test
    void historyOfAPointTellsWhenItWasCreatedLostItsFlagsExpiredAndWasDeleted() {
        Instant friday = monday1100.plus(Duration.ofDays(3));
        time.set(friday);
        await().atMost(WAIT).until(() -> eventTypes().contains("PointExpired"));
        commands.handle(io.gfsbackup.contracts.messages.BackupDeleted.of(
                new io.gfsbackup.contracts.messages.PointExpired(Ids.pointExpiredId(policy, table.arn(), monday1100),
                        friday, policy, table, monday1100, Chains.backupArn(table, monday1100), "name", friday,
                        "NO_FLAGS_LEFT"), false, friday.plusSeconds(30)));

        given().header("Authorization", Tokens.auditor())
                .get("/api/v1/chains/{id}/points/{slot}/history", chainId, monday1100.toString())
                .then().statusCode(200)
                .body("backupArn", is(Chains.backupArn(table, monday1100)))
                .body("summary", is("created with D at " + monday1100 + "; D until " + friday
                        + "; D unassigned at " + friday + " because P3D elapsed; expired at " + friday
                        + " because no flags were left; deleted at " + friday.plusSeconds(30)))
                .body("point.alive", is(false));
    }

    @Test
    void legalHoldKeepsAPointPastItsFlagsAndReleasingItExpiresThePointNow() {
        Instant placedAt = clock.instant();
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"reason\": \"litigation hold, case 2026-17\"}")
                .post("/api/v1/chains/{id}/points/{slot}/legal-hold", chainId, monday1100.toString())
                .then().statusCode(200)
                .body("legalHold", is(true))
                .body("hold.by", is("test-admin"))
                .body("hold.reason", is("litigation hold, case 2026-17"))
                .body("hold.since", is(placedAt.toString()));
        Instant later = monday1100.plus(Duration.ofDays(4));
        time.set(later);
        await().atMost(WAIT).until(() -> eventTypes().stream().filter("FlagUnassigned"::equals).count() == 2);
        assertThat(eventTypes()).doesNotContain("PointExpired");

        given().header("Authorization", Tokens.bearer("counsel", JwtIssuer.ADMIN)).contentType(ContentType.JSON)
                .body("{\"reason\": \"case 2026-17 closed\"}")
                .delete("/api/v1/chains/{id}/points/{slot}/legal-hold", chainId, monday1100.toString())
                .then().statusCode(200)
                .body("legalHold", is(false))
                .body("hold", nullValue())
                .body("remainingFlags", empty())
                .body("expiredAt", is(later.toString()));
        given().header("Authorization", Tokens.auditor())
                .get("/api/v1/chains/{id}/points/{slot}/history", chainId, monday1100.toString())
                .then().statusCode(200)
                .body("summary", containsString("legal hold placed at " + placedAt
                        + " by test-admin (reason: \"litigation hold, case 2026-17\")"))
                .body("summary", containsString("legal hold released at " + later
                        + " by counsel (reason: \"case 2026-17 closed\"); expired at " + later
                        + " because its flags were gone and its legal hold was released"))
                .body("events.find { it.type == 'LegalHoldPlaced' }.payload.by", is("test-admin"))
                .body("events.find { it.type == 'LegalHoldReleased' }.payload.reason", is("case 2026-17 closed"));
    }

    @Test
    void aDeletionReportedForAPointThatNeverExpiredKeepsThePointAndShowsInItsHistory() {
        Instant reportedAt = monday1100.plusSeconds(30);
        commands.handle(io.gfsbackup.contracts.messages.BackupDeleted.of(
                new io.gfsbackup.contracts.messages.PointExpired(UUID.randomUUID(), monday1100, policy, table,
                        monday1100, Chains.backupArn(table, monday1100), "name", monday1100, "NO_FLAGS_LEFT"),
                false, reportedAt));

        given().header("Authorization", Tokens.auditor())
                .get("/api/v1/chains/{id}/points/{slot}/history", chainId, monday1100.toString())
                .then().statusCode(200)
                .body("point.alive", is(true))
                .body("point.deletedAt", nullValue())
                .body("events.type", contains("PointRecorded", "DeletionRefused"))
                .body("summary", containsString("deletion of " + Chains.backupArn(table, monday1100) + " reported at "
                        + reportedAt + " but the point had not expired; it stays in the chain"));
        given().header("Authorization", Tokens.viewer()).get("/api/v1/chains/{id}", chainId)
                .then().statusCode(200).body("alivePoints", is(2));
    }

    @Test
    void eventHistoryIsForAuditorsNotViewers() {
        given().header("Authorization", Tokens.viewer()).get("/api/v1/chains/{id}/events", chainId)
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", Tokens.viewer())
                .get("/api/v1/chains/{id}/points/{slot}/history", chainId, monday0700.toString())
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", Tokens.auditor()).get("/api/v1/chains/{id}/events", chainId)
                .then().statusCode(200);
        given().header("Authorization", Tokens.auditor())
                .get("/api/v1/chains/{id}/points/{slot}/history", chainId, monday0700.toString())
                .then().statusCode(200);
    }

    @Test
    void legalHoldNeedsTheAdminRole() {
        given().header("Authorization", Tokens.viewer()).contentType(ContentType.JSON).body(REASON)
                .post("/api/v1/chains/{id}/points/{slot}/legal-hold", chainId, monday1100.toString())
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", Tokens.auditor()).contentType(ContentType.JSON).body(REASON)
                .delete("/api/v1/chains/{id}/points/{slot}/legal-hold", chainId, monday1100.toString())
                .then().statusCode(403);
        given().contentType(ContentType.JSON).body(REASON)
                .post("/api/v1/chains/{id}/points/{slot}/legal-hold", chainId, monday1100.toString())
                .then().statusCode(401);
        given().header("Authorization", Tokens.viewer()).get("/api/v1/chains/{id}", chainId)
                .then().statusCode(200)
                .body("points[1].legalHold", is(false));
    }

    @Test
    void legalHoldOnAnExpiredPointIsAConflict() {
        time.set(monday1100.plus(Duration.ofDays(3)));
        await().atMost(WAIT).until(() -> eventTypes().contains("PointExpired"));
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON).body(REASON)
                .post("/api/v1/chains/{id}/points/{slot}/legal-hold", chainId, monday1100.toString())
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void unknownChainOrPointIsNotFoundAndBadParametersAreBadRequests() {
        given().header("Authorization", Tokens.viewer()).get("/api/v1/chains/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json")
                .body("title", is("Chain not found"));
        given().header("Authorization", Tokens.auditor()).get("/api/v1/chains/{id}/events", UUID.randomUUID())
                .then().statusCode(404);
        given().header("Authorization", Tokens.auditor())
                .get("/api/v1/chains/{id}/points/{slot}/history", chainId, monday0700.plusSeconds(1).toString())
                .then().statusCode(404).body("title", is("Restore point not found"));
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON).body(REASON)
                .post("/api/v1/chains/{id}/points/{slot}/legal-hold", UUID.randomUUID(), monday0700.toString())
                .then().statusCode(404);
        given().header("Authorization", Tokens.viewer()).get("/api/v1/chains/{id}?asOf=yesterday", chainId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", is("asOf"));
        given().header("Authorization", Tokens.viewer()).get("/api/v1/chains/not-a-uuid")
                .then().statusCode(400).body("violations[0].field", is("chainId"));
        given().header("Authorization", Tokens.viewer()).get("/api/v1/chains?policyId={p}", policy)
                .then().statusCode(400).body("violations[0].field", is("tableArn"));
        given().get("/api/v1/chains/{id}", chainId).then().statusCode(401).body("status", equalTo(401))
                .body("violations", nullValue());
    }

    private java.util.List<String> eventTypes() {
        return given().header("Authorization", Tokens.auditor()).get("/api/v1/chains/{id}/events", chainId)
                .jsonPath().getList("type");
    }
}
