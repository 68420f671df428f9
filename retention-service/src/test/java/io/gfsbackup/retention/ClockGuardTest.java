package io.gfsbackup.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.DeletionsPaused;
import io.gfsbackup.contracts.messages.DeletionsResumed;
import io.gfsbackup.contracts.messages.FlagUnassigned;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.retention.command.DueChainPoller;
import io.gfsbackup.retention.command.LeaderLock;
import io.gfsbackup.retention.support.BackupEvents;
import io.gfsbackup.retention.support.ChainEvents;
import io.gfsbackup.retention.support.Chains;
import io.gfsbackup.retention.support.TestKafka;
import io.gfsbackup.retention.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The clock cannot mass-delete: a jump of the clock pauses the deletions of the policies it would expire points of,
 * until an admin resumes them; a catch-up after an outage, during which wall time passed too, does not. The tests'
 * bounds are loose ({@code max-lead} P60D), as the tests' clock jumps by design.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class ClockGuardTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    @Inject
    DueChainPoller poller;

    @Inject
    DataSource dataSource;

    private TestKafka kafka;
    private TestTime time;
    private UUID policy;

    @BeforeEach
    void connect() {
        kafka = new TestKafka(bootstrapServers);
        time = new TestTime(bootstrapServers, clock);
        policy = UUID.randomUUID();
    }

    @AfterEach
    void resumeAndDisconnect() {
        poller.resume();
        // a test that failed half-way leaves no paused guard behind for the others
        given().header("Authorization", Tokens.admin()).post("/api/v1/policies/{id}/deletions/resume", policy);
        kafka.close();
        time.close();
    }

    @Test
    void aClockJumpOfAYearPausesTheDeletionsOfThePolicyUntilAnAdminResumesThem() {
        TableRef table = Chains.uniqueTable("jump");
        Instant day = recordThreeDailyPoints(table);

        time.set(day.plus(Duration.ofDays(365)));

        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", Tokens.admin())
                .get("/api/v1/policies/{id}/deletions", policy).then().statusCode(200)
                .body("paused", equalTo(true)).body("cause", equalTo("CLOCK_LEAD")));
        await().atMost(WAIT).until(() -> count(kafka.retentionEvents(table.arn()), FlagUnassigned.class) == 3);
        ChainEvents.sleep(Duration.ofSeconds(2));
        assertThat(count(kafka.retentionEvents(table.arn()), PointExpired.class)).isZero();
        await().atMost(WAIT).until(() -> !pauses().isEmpty());
        assertThat(pauses().get(0).cause()).isEqualTo("CLOCK_LEAD");
        assertThat(pauses().get(0).reason()).contains("the clock moved 365 d");
        assertThat(pausedGauge()).isEqualTo(1.0);
        assertThat(metric("gfs_retention_clock_guard_trips_total", "cause", "CLOCK_LEAD")).isGreaterThanOrEqualTo(1);

        given().header("Authorization", Tokens.admin()).post("/api/v1/policies/{id}/deletions/resume", policy)
                .then().statusCode(200).body("paused", equalTo(false)).body("resumedBy", notNullValue());

        await().atMost(WAIT).until(() -> count(kafka.retentionEvents(table.arn()), PointExpired.class) == 3);
        assertThat(pausedGauge()).isEqualTo(0.0);
        given().header("Authorization", Tokens.admin()).get("/api/v1/policies/{id}/deletions", policy)
                .then().statusCode(200).body("paused", equalTo(false)).body("cause", equalTo("CLOCK_LEAD"));
    }

    @Test
    void aResumeIsAnnouncedOnRetentionEventsKeyedByPolicyIdAfterThePause() {
        TableRef table = Chains.uniqueTable("announced");
        Instant day = recordThreeDailyPoints(table);
        time.set(day.plus(Duration.ofDays(365)));
        await().atMost(WAIT).until(() -> !pauses().isEmpty());

        String resumedAt = given().header("Authorization", Tokens.admin())
                .post("/api/v1/policies/{id}/deletions/resume", policy).then().statusCode(200).extract()
                .path("resumedAt");

        await().atMost(WAIT).until(() -> policyEvents().size() >= 2);
        List<Message> events = policyEvents();
        assertThat(events).extracting(Message::type).containsExactly("DeletionsPaused", "DeletionsResumed");
        DeletionsResumed resumed = (DeletionsResumed) events.get(1);
        assertThat(resumed.policyId()).isEqualTo(policy);
        assertThat(resumed.resumedBy()).isNotBlank();
        assertThat(resumed.occurredAt()).isEqualTo(Instant.parse(resumedAt));
        ChainEvents.sleep(Duration.ofSeconds(2));
        assertThat(policyEvents()).as("announced once, not again on the next passes").hasSize(2);
    }

    @Test
    void aCatchUpAfterAnOutageExpiresWhatFellDueMeanwhileWithoutPausing() throws Exception {
        TableRef table = Chains.uniqueTable("catch-up");
        Instant day = time.freshDay();
        for (int i = 0; i < 10; i++) {
            kafka.publish(BackupEvents.created(policy, table, day.plus(Duration.ofDays(i)).plus(Duration.ofHours(1)),
                    Flags.of(Tier.D), Chains.veeam(0)));
        }
        await().atMost(WAIT).until(() -> ChainEvents.count(Ids.chainId(policy, table.arn())) == 11);

        // the service is down for 90 days (more than max-lead): its last pass was 90 days ago by wall time too
        poller.pause();
        ChainEvents.sleep(Duration.ofSeconds(1));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("UPDATE clock_guard SET wall_at = wall_at - INTERVAL '90 days'"))
                    .isEqualTo(1);
        }
        time.set(day.plus(Duration.ofDays(90)));
        poller.resume();

        await().atMost(WAIT).until(() -> count(kafka.retentionEvents(table.arn()), PointExpired.class) == 10);
        given().header("Authorization", Tokens.admin()).get("/api/v1/policies/{id}/deletions", policy)
                .then().statusCode(200).body("paused", equalTo(false)).body("cause", equalTo(null));
    }

    @Test
    void moreExpiriesInOnePassThanTheScheduleExplainsPauseThePolicy() {
        TableRef table = Chains.uniqueTable("burst");
        Instant day = time.freshDay();
        // fifteen daily points whose keeps all end at the same instant: one hour can expire 1 * (1 + 1) + 10 of them
        Instant burst = day.plus(Duration.ofDays(20)).plus(Duration.ofHours(1));
        for (int i = 0; i < 15; i++) {
            Instant slot = day.plus(Duration.ofDays(i)).plus(Duration.ofHours(1));
            kafka.publish(BackupEvents.created(policy, table, slot, Flags.of(Tier.D), new RetentionSettings(
                    ZoneOffset.UTC, Map.of(Tier.D, Period.ofDays(20 - i)), 0)));
        }
        await().atMost(WAIT).until(() -> ChainEvents.count(Ids.chainId(policy, table.arn())) == 16);
        time.set(burst.minus(Duration.ofHours(1)));
        ChainEvents.sleep(Duration.ofSeconds(1));

        time.set(burst);

        await().atMost(WAIT).untilAsserted(() -> given().header("Authorization", Tokens.admin())
                .get("/api/v1/policies/{id}/deletions", policy).then().statusCode(200)
                .body("paused", equalTo(true)).body("cause", equalTo("EXPIRY_BUDGET"))
                .body("reason", containsString("would expire 15 points in one pass covering 1 h 0 min")));
        await().atMost(WAIT).until(() -> count(kafka.retentionEvents(table.arn()), FlagUnassigned.class) == 15);
        assertThat(count(kafka.retentionEvents(table.arn()), PointExpired.class)).isZero();
    }

    @Test
    void whileAnotherInstanceHoldsThePassesNoneRunsHereAndOnceItLetsGoOneDoes() throws Exception {
        TableRef table = Chains.uniqueTable("leader");
        Instant day = recordThreeDailyPoints(table);
        try (Connection other = dataSource.getConnection(); Statement statement = other.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + LeaderLock.CHAIN_PASSES + ")");
            try {
                time.set(day.plus(Duration.ofDays(4)));
                ChainEvents.sleep(Duration.ofSeconds(3));
                assertThat(count(kafka.retentionEvents(table.arn()), FlagUnassigned.class))
                        .as("no pass ran beside the other instance's").isZero();
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + LeaderLock.CHAIN_PASSES + ")");
            }
        }

        await().atMost(WAIT).until(() -> count(kafka.retentionEvents(table.arn()), PointExpired.class) == 3);
    }

    @Test
    void aViewerCannotResumeDeletions() {
        recordThreeDailyPoints(Chains.uniqueTable("viewer"));

        given().header("Authorization", Tokens.viewer()).post("/api/v1/policies/{id}/deletions/resume", policy)
                .then().statusCode(403);
        given().header("Authorization", Tokens.viewer()).get("/api/v1/policies/{id}/deletions", policy)
                .then().statusCode(403);
    }

    @Test
    void resumingDeletionsThatAreNotPausedIsAConflictAndOfAnUnknownPolicyNotFound() {
        recordThreeDailyPoints(Chains.uniqueTable("not-paused"));

        given().header("Authorization", Tokens.admin()).post("/api/v1/policies/{id}/deletions/resume", policy)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("the deletions of policy " + policy + " are not paused; there is nothing"
                        + " to resume"));
        given().header("Authorization", Tokens.admin())
                .post("/api/v1/policies/{id}/deletions/resume", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", Tokens.admin()).get("/api/v1/policies/{id}/deletions", "not-a-uuid")
                .then().statusCode(400).body("violations[0].field", equalTo("policyId"));
    }

    /** Three daily points (D, kept three days) an hour apart on a fresh day; returns the day. */
    private Instant recordThreeDailyPoints(TableRef table) {
        Instant day = time.freshDay();
        for (int hour = 1; hour <= 3; hour++) {
            kafka.publish(BackupEvents.created(policy, table, day.plus(Duration.ofHours(hour)), Flags.of(Tier.D),
                    Chains.veeam(0)));
        }
        await().atMost(WAIT).until(() -> ChainEvents.count(Ids.chainId(policy, table.arn())) == 4);
        return day;
    }

    private List<DeletionsPaused> pauses() {
        return policyEvents().stream().filter(DeletionsPaused.class::isInstance).map(DeletionsPaused.class::cast)
                .toList();
    }

    /** The messages on retention-events keyed by the policy's id, in order. */
    private List<Message> policyEvents() {
        return kafka.records(Topics.RETENTION_EVENTS, policy.toString()).stream()
                .map(record -> Messages.parse(record.value())).toList();
    }

    private double pausedGauge() {
        return metric("gfs_retention_deletions_paused", "policy", policy.toString());
    }

    /** The value of a metric with one label, from the Prometheus text; -1 when it is not there. */
    private static double metric(String name, String label, String value) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher found = Pattern.compile("(?m)^" + name + "\\{[^}]*" + label + "=\"" + Pattern.quote(value)
                + "\"[^}]*} (\\S+)$").matcher(text);
        return found.find() ? Double.parseDouble(found.group(1)) : -1;
    }

    private static long count(List<Message> messages, Class<? extends Message> type) {
        return messages.stream().filter(type::isInstance).count();
    }
}
