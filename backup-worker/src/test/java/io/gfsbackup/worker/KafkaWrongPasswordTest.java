package io.gfsbackup.worker;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gfsbackup.deploy.testing.KafkaSaslResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A worker with the wrong password on a SASL listener: the broker lets its consumers connect and drops them, again
 * and again; the worker is not ready, and stays so, instead of counting a connection as a completed poll.
 */
@QuarkusTest
@TestProfile(KafkaWrongPasswordTest.WrongPassword.class)
@WithTestResource(value = KafkaSaslResource.class, initArgs = {
        @ResourceArg(name = "user", value = KafkaSaslResource.WORKER),
        @ResourceArg(name = "password", value = "guessed")})
@WithTestResource(MotoResource.class)
class KafkaWrongPasswordTest {

    /** Its own broker; a consumer counts as stalled after three seconds without a completed poll. */
    public static class WrongPassword implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gfs.messaging.stall-timeout", "PT3S");
        }
    }

    @Test
    void theConsumersOfAWorkerThatCannotAuthenticateAreNotReadyAndStaySo() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'kafka-consumers' }.status", is("DOWN")));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(503)
                        .body("checks.find { it.name == 'kafka-consumers' }.status", is("DOWN")));
    }
}
