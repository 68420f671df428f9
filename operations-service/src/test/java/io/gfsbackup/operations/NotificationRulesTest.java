package io.gfsbackup.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.operations.support.Rules;
import io.gfsbackup.operations.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Notification rules over REST: validated like policies, secrets never answered, versions guarded by If-Match. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class NotificationRulesTest {

    private static final String RULES = "/api/v1/notification-rules";
    private static final String SLACK_URL = "https://hooks.slack.com/services/T0001/B0001/slacksecretpart";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void knowTheTime() {
        try (TestTime time = new TestTime(bootstrapServers, clock)) {
            time.ensureSet();
        }
    }

    @AfterEach
    void deleteRules() {
        created.forEach(Rules::delete);
    }

    @Test
    void aRuleWithManyProblemsIsRefusedWithEveryProblemNamedAndWhatWouldBeValid() {
        Response answer = post(Tokens.admin(), """
                {"name": "", "enabled": "yes", "events": ["BACKUP_FAILED", "NOPE", "BACKUP_FAILED"],
                 "policies": ["not-a-uuid", 7],
                 "channel": {"type": "WEBHOOK", "url": "ftp://example.com/x", "secret": "short", "colour": "red"},
                 "digest": {"hour": 7, "timeZone": "Europe/Berlin"}, "severity": "high"}
                """);

        answer.then().statusCode(400).contentType("application/problem+json");
        Map<String, String> violations = violations(answer);
        assertThat(violations).containsOnlyKeys("name", "enabled", "events[1]", "events[2]", "policies[0]",
                "policies[1]", "channel.url", "channel.secret", "channel.colour", "digest", "severity");
        assertThat(violations.get("severity")).contains("unknown field")
                .contains("name, enabled, events, policies, channel, digest");
        assertThat(violations.get("channel.colour")).contains("type, url, secret");
        assertThat(violations.get("events[1]")).contains("\"NOPE\"").contains("BACKUP_FAILED, SLOT_MISSED,"
                + " RETENTION_GAP, DELETION_FAILED, DELETION_REFUSED, DELETIONS_PAUSED, RESTORE_FAILED, RESTORE_TEST_FAILED,"
                + " ARCHIVE_FAILED, DAILY_DIGEST");
        assertThat(violations.get("events[2]")).contains("listed twice");
        assertThat(violations.get("channel.url")).contains("http or https URL");
        assertThat(violations.get("channel.secret")).contains("16 to 512");
        assertThat(violations.get("digest")).contains("only for DAILY_DIGEST");
        assertThat(violations.get("enabled")).contains("true or false");

        Map<String, String> more = violations(post(Tokens.admin(), """
                {"name": "digest without a time", "events": ["DAILY_DIGEST"],
                 "channel": {"type": "SNS", "topicArn": "arn:aws:sqs:us-east-1:123456789012:q"}}
                """));
        assertThat(more).containsOnlyKeys("digest", "channel.topicArn");
        assertThat(more.get("digest")).contains("required when events has DAILY_DIGEST");

        assertThat(violations(post(Tokens.admin(), """
                {"name": "bad digest", "events": ["DAILY_DIGEST", "SLOT_MISSED"], "policies": [],
                 "channel": {"type": "EMAIL", "to": ["ops@example.com", "not an address", "ops@example.com"]},
                 "digest": {"hour": 24, "timeZone": "Mars/Olympus"}}
                """))).containsOnlyKeys("digest.hour", "digest.timeZone", "channel.to[1]", "channel.to[2]");
        assertThat(violations(post(Tokens.admin(), """
                {"name": "no channel type", "events": [], "channel": {"url": "https://example.com"}}
                """))).containsOnlyKeys("events", "channel.type");
        assertThat(violations(post(Tokens.admin(), "{\"name\": "))).containsOnlyKeys("");
        assertThat(violations(post(Tokens.admin(), "[]"))).containsOnlyKeys("");
    }

    @Test
    void secretsAreMaskedInEveryAnswerAndKeptWhenAReplaceLeavesThemOut() {
        Response webhook = post(Tokens.admin(), Rules.webhook("masked webhook", List.of("BACKUP_FAILED"),
                List.of(UUID.randomUUID()), URI.create("https://ops.example.com/hook")));
        webhook.then().statusCode(201).header("ETag", "\"1\"")
                .header("Location", containsString(RULES + "/" + webhook.jsonPath().getString("id")))
                .body("rule.channel.secret", equalTo("********"))
                .body("rule.channel.url", equalTo("https://ops.example.com/hook"));
        String id = remember(webhook);
        Response slack = post(Tokens.admin(), """
                {"name": "masked slack", "events": ["SLOT_MISSED"], "channel": {"type": "SLACK", "webhookUrl": "%s"}}
                """.formatted(SLACK_URL));
        slack.then().statusCode(201).body("rule.channel.webhookUrl", equalTo("https://hooks.slack.com/********"));
        String slackId = remember(slack);

        List<Response> answers = new ArrayList<>(List.of(webhook, slack,
                given().header("Authorization", Tokens.viewer()).get(RULES + "/" + id),
                given().header("Authorization", Tokens.auditor()).get(RULES + "/" + slackId),
                given().header("Authorization", Tokens.viewer()).get(RULES)));
        Response kept = put(id, "\"1\"", """
                {"name": "masked webhook renamed", "events": ["BACKUP_FAILED"],
                 "channel": {"type": "WEBHOOK", "url": "https://ops.example.com/hook2"}}
                """);
        kept.then().statusCode(200).header("ETag", "\"2\"").body("rule.channel.secret", equalTo("********"));
        Response sentBack = put(slackId, "\"1\"", json(slack.jsonPath().getMap("rule")));
        sentBack.then().statusCode(200).body("rule.channel.webhookUrl", equalTo("https://hooks.slack.com/********"));
        Response changed = put(id, "\"2\"", Rules.webhook("masked webhook renamed", List.of("BACKUP_FAILED"),
                List.of(), URI.create("https://ops.example.com/hook3")).replace(Rules.SECRET,
                "another-secret-of-enough-length"));
        changed.then().statusCode(200).body("rule.channel.secret", equalTo("********"));
        answers.addAll(List.of(kept, sentBack, changed,
                given().header("Authorization", Tokens.admin()).get(RULES)));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.asString()).doesNotContain(Rules.SECRET)
                .doesNotContain("another-secret-of-enough-length").doesNotContain("slacksecretpart")
                .doesNotContain("T0001"));
        assertThat(given().header("Authorization", Tokens.viewer()).get(RULES).jsonPath()
                .getList("rules.rule.name")).contains("masked webhook renamed", "masked slack");
    }

    @Test
    void aReplaceMustNameTheCurrentVersionInIfMatch() {
        String body = Rules.webhook("versioned", List.of("BACKUP_FAILED"), List.of(UUID.randomUUID()),
                URI.create("https://ops.example.com/hook"));
        String id = remember(post(Tokens.admin(), body));

        put(id, null, body).then().statusCode(428).contentType("application/problem+json")
                .body("detail", containsString("If-Match: \"1\""));
        put(id, "yesterday", body).then().statusCode(400).body("violations.field", hasItem("If-Match"));
        put(id, "\"1\"", body).then().statusCode(200).header("ETag", "\"2\"").body("version", equalTo(2));
        put(id, "\"1\"", body).then().statusCode(412).contentType("application/problem+json");
        put(id, "*", body).then().statusCode(200).header("ETag", "\"3\"");
        given().header("Authorization", Tokens.viewer()).get(RULES + "/" + id).then().statusCode(200)
                .header("ETag", "\"3\"");

        given().header("Authorization", Tokens.admin()).header("If-Match", "\"2\"").delete(RULES + "/" + id)
                .then().statusCode(412);
        given().header("Authorization", Tokens.admin()).header("If-Match", "\"3\"").delete(RULES + "/" + id)
                .then().statusCode(204);
        given().header("Authorization", Tokens.admin()).get(RULES + "/" + id).then().statusCode(404);
    }

    @Test
    void viewersAndAuditorsReadOnlyAdminsWrite() {
        String body = Rules.webhook("roles", List.of("SLOT_MISSED"), List.of(), URI.create(
                "https://ops.example.com/hook"));
        post(Tokens.viewer(), body).then().statusCode(403).contentType("application/problem+json");
        post(Tokens.auditor(), body).then().statusCode(403);
        String id = remember(post(Tokens.admin(), body));

        given().header("Authorization", Tokens.viewer()).get(RULES).then().statusCode(200);
        given().header("Authorization", Tokens.auditor()).get(RULES + "/" + id).then().statusCode(200);
        given().header("Authorization", Tokens.viewer()).header("If-Match", "\"1\"").contentType("application/json")
                .body(body).put(RULES + "/" + id).then().statusCode(403);
        given().header("Authorization", Tokens.viewer()).delete(RULES + "/" + id).then().statusCode(403);
        given().header("Authorization", Tokens.viewer()).get("/api/v1/notifications").then().statusCode(403);
        given().get(RULES).then().statusCode(401);
        post(Tokens.admin(), body).then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void anUnknownRuleIs404AndAnIdThatIsNoUuid400() {
        String unknown = RULES + "/" + UUID.randomUUID();
        given().header("Authorization", Tokens.viewer()).get(unknown).then().statusCode(404)
                .contentType("application/problem+json");
        put(unknown.substring(RULES.length() + 1), "\"1\"", Rules.webhook("ghost", List.of("SLOT_MISSED"),
                List.of(), URI.create("https://ops.example.com/hook"))).then().statusCode(404);
        given().header("Authorization", Tokens.admin()).delete(unknown).then().statusCode(404);
        given().header("Authorization", Tokens.viewer()).get(RULES + "/not-a-uuid").then().statusCode(400)
                .body("violations.field", hasItem("id"));
    }

    @Test
    void aSecretIsKeptOnlyFromAStoredRuleOfTheSameChannelType() {
        String noSecret = """
                {"name": "no secret", "events": ["SLOT_MISSED"],
                 "channel": {"type": "WEBHOOK", "url": "https://ops.example.com/hook"%s}}
                """;
        assertThat(violations(post(Tokens.admin(), noSecret.formatted("")))).containsOnlyKeys("channel.secret");
        assertThat(violations(post(Tokens.admin(), noSecret.formatted(", \"secret\": \"********\""))))
                .containsOnlyKeys("channel.secret");
        String id = remember(post(Tokens.admin(), """
                {"name": "slack first", "events": ["SLOT_MISSED"], "channel": {"type": "SLACK", "webhookUrl": "%s"}}
                """.formatted(SLACK_URL)));

        Map<String, String> refused = violations(put(id, "\"1\"", noSecret.formatted("")));
        assertThat(refused).containsOnlyKeys("channel.secret");
        assertThat(refused.get("channel.secret")).contains("SLACK");
    }

    private Response post(String token, String body) {
        return given().header("Authorization", token).contentType("application/json").body(body).post(RULES);
    }

    private static Response put(String id, String ifMatch, String body) {
        var request = given().header("Authorization", Tokens.admin()).contentType("application/json").body(body);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.put(RULES + "/" + id);
    }

    private String remember(Response created) {
        created.then().statusCode(201);
        String id = created.jsonPath().getString("id");
        this.created.add(id);
        return id;
    }

    /** What GET answered, sent back as it is. */
    private static String json(Object value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> violations(Response answer) {
        answer.then().statusCode(400).contentType("application/problem+json");
        List<Map<String, String>> list = answer.jsonPath().getList("violations");
        Map<String, String> byField = new LinkedHashMap<>();
        list.forEach(violation -> byField.merge(violation.get("field"), violation.get("message"),
                (a, b) -> a + " | " + b));
        return byField;
    }
}
