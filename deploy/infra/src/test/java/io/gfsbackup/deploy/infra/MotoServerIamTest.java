package io.gfsbackup.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A moto server that enforces IAM serves the free calls to anyone, and later ones only to known keys. */
class MotoServerIamTest {

    @Test
    void afterItsFreeCallsTheServerRefusesKeysItDoesNotKnow() {
        try (MotoServer moto = MotoServer.startEnforcingIam(2); DynamoDbClient dynamo = unknownKeys(moto)) {
            dynamo.listTables();
            dynamo.listTables();
            AwsServiceException refused = catchThrowableOfType(AwsServiceException.class, dynamo::listTables);
            assertThat(refused.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aServerStartedWithoutEnforcementEnforcesFromTheMomentItIsAskedTo() {
        try (MotoServer moto = MotoServer.start(); DynamoDbClient dynamo = unknownKeys(moto)) {
            dynamo.listTables();
            moto.enforceIamNow();
            AwsServiceException refused = catchThrowableOfType(AwsServiceException.class, dynamo::listTables);
            assertThat(refused.statusCode()).isEqualTo(403);
        }
    }

    private static DynamoDbClient unknownKeys(MotoServer moto) {
        return DynamoDbClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("unknown", "unknown")))
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
