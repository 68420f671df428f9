package io.gfsbackup.worker.support;

import io.gfsbackup.contracts.policy.AwsAccount;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * A second AWS account in moto: moto's STS lets any caller assume any role, and the credentials it returns act in
 * the role's account. Tests reach the account here with STS directly, not through the worker's code, so that what
 * they set up there is in that account whatever the worker does.
 */
public final class OtherAccount {

    public static final AwsAccount SECOND = new AwsAccount("222222222222",
            "arn:aws:iam::222222222222:role/gfs-backup", "gfs-test-external-id");

    private OtherAccount() {
    }

    /** DynamoDB of {@code account}, in the region and at the endpoint of {@code like}, with the role's credentials. */
    public static DynamoDbClient dynamoDb(DynamoDbClient like, AwsAccount account) {
        return dynamoDb(like, account, like.serviceClientConfiguration().region());
    }

    /**
     * DynamoDB of {@code account} in {@code region}, at the endpoint of {@code like}: with the role's credentials, or
     * with {@code like}'s own when {@code account} is {@code null} (the services' own account).
     */
    public static DynamoDbClient dynamoDb(DynamoDbClient like, AwsAccount account, Region region) {
        DynamoDbServiceClientConfiguration config = like.serviceClientConfiguration();
        if (account == null) {
            var own = DynamoDbClient.builder().region(region).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(config.credentialsProvider());
            config.endpointOverride().ifPresent(own::endpointOverride);
            return own.build();
        }
        var sts = StsClient.builder().region(config.region()).credentialsProvider(config.credentialsProvider())
                .httpClient(UrlConnectionHttpClient.create());
        config.endpointOverride().ifPresent(sts::endpointOverride);
        Credentials credentials;
        try (StsClient client = sts.build()) {
            credentials = client.assumeRole(b -> b.roleArn(account.roleArn()).externalId(account.externalId())
                    .roleSessionName("gfs-test")).credentials();
        }
        var dynamo = DynamoDbClient.builder().region(region).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())));
        config.endpointOverride().ifPresent(dynamo::endpointOverride);
        return dynamo.build();
    }
}
