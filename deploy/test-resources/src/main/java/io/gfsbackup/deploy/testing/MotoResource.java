package io.gfsbackup.deploy.testing;

import java.util.Map;

import io.gfsbackup.deploy.infra.MotoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real moto server answering the DynamoDB API for a {@code @QuarkusTest}:
 * {@code @WithTestResource(MotoResource.class)}. Points the Quarkus DynamoDB client at it.
 */
public class MotoResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        MotoServer moto = SharedInfrastructure.moto();
        return Map.of(
                "quarkus.dynamodb.endpoint-override", moto.endpoint().toString(),
                "quarkus.dynamodb.aws.region", MotoServer.REGION,
                "quarkus.dynamodb.aws.credentials.type", "static",
                "quarkus.dynamodb.aws.credentials.static-provider.access-key-id", MotoServer.ACCESS_KEY_ID,
                "quarkus.dynamodb.aws.credentials.static-provider.secret-access-key", MotoServer.SECRET_ACCESS_KEY);
    }

    @Override
    public void stop() {
        // the server lives as long as the test JVM; see SharedInfrastructure
    }
}
