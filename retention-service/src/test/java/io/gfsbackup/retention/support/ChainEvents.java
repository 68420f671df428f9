package io.gfsbackup.retention.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.UUID;

import io.gfsbackup.deploy.testing.Tokens;

/** What the application under test shows of a chain's events, and waiting for it to settle. */
public final class ChainEvents {

    private ChainEvents() {
    }

    /** How many events the chain has, by the audit API; 0 while it does not exist. */
    public static int count(UUID chainId) {
        var response = given().header("Authorization", Tokens.auditor())
                .get("/api/v1/chains/{chainId}/events", chainId);
        return response.statusCode() == 200 ? response.jsonPath().getList("$").size() : 0;
    }

    /** Waits, to see that something does not happen meanwhile. */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
