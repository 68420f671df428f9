package io.gfsbackup.operations.support;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.gfsbackup.deploy.testing.Tokens;

/** Notification rules and their notifications over the service's REST API, as an admin. */
public final class Rules {

    public static final String SECRET = "a-webhook-secret-of-some-length";

    private Rules() {
    }

    /** The JSON of a webhook rule. */
    public static String webhook(String name, Collection<String> events, Collection<UUID> policies, URI url) {
        return """
                {"name": "%s", "events": [%s], "policies": [%s],
                 "channel": {"type": "WEBHOOK", "url": "%s", "secret": "%s"}}
                """.formatted(name, quoted(events), quoted(policies.stream().map(UUID::toString).toList()), url,
                SECRET);
    }

    /** Creates a rule; returns its id. */
    public static String create(String json) {
        return given().header("Authorization", Tokens.admin()).contentType("application/json").body(json)
                .post("/api/v1/notification-rules").then().statusCode(201).extract().jsonPath().getString("id");
    }

    public static void delete(String id) {
        given().header("Authorization", Tokens.admin()).delete("/api/v1/notification-rules/" + id);
    }

    /** The notifications of a rule, newest first, as GET /api/v1/notifications shows them. */
    public static List<Map<String, Object>> notifications(String ruleId) {
        return given().header("Authorization", Tokens.admin()).queryParam("ruleId", ruleId)
                .get("/api/v1/notifications").then().statusCode(200).extract().jsonPath().getList("notifications");
    }

    private static String quoted(Collection<String> values) {
        return values.stream().map(value -> "\"" + value + "\"").collect(Collectors.joining(", "));
    }
}
