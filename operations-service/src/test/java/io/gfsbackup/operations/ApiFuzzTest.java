package io.gfsbackup.operations;

import java.net.URI;
import java.net.URL;
import java.time.Clock;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import org.junit.jupiter.api.Test;

import io.gfsbackup.deploy.infra.Schemathesis;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.operations.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Schemathesis fuzzes every operation of the operations API's OpenAPI document as an admin, with valid and invalid
 * requests (at most {@value #MAX_EXAMPLES} per operation and phase, seed {@value #SEED}): no answer is a 5xx, and
 * every answer's status, content type and body are the ones the document describes.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class ApiFuzzTest {

    static final long SEED = 20261201;
    static final int MAX_EXAMPLES = 25;

    @TestHTTPResource("/q/openapi")
    URL openApi;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    @Test
    void fuzzingEveryOperationFindsNoServerErrorAndNothingUndocumented() {
        try (TestTime time = new TestTime(bootstrapServers, clock)) {
            time.ensureSet(); // the protection report and rules are stamped with the controllable clock's time
        }
        Schemathesis.against(URI.create(openApi.toString())).header("Authorization", Tokens.admin())
                .maxExamples(MAX_EXAMPLES).seed(SEED).runAndRequirePass();
    }
}
