package io.gfsbackup.operations.config;


import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one way this service reaches AWS: clients per account and region (other accounts through the role a policy or
 * {@code gfs.operations.inventory.scopes} names), every call paced at AWS's published rates or the configured ones.
 */
@ApplicationScoped
public class AwsBeans {

    static final String SESSION_NAME = "gfs-operations-service";

    @Produces
    @Singleton
    ApiLimits apiLimits(AwsConfig config) {
        return ApiLimits.configured("gfs.operations.aws.limits.", config.limits());
    }

    @Produces
    @Singleton
    AwsClients clients(DynamoDbClient dynamoDb, ApiLimits limits) {
        return new AwsClients(dynamoDb, SESSION_NAME, limits);
    }

    void close(@Disposes AwsClients clients) {
        clients.close();
    }
}
