package io.gfsbackup.operations.config;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.AwsOperation;
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
        return ApiLimits.published(rates(config.limits()));
    }

    @Produces
    @Singleton
    AwsClients clients(DynamoDbClient dynamoDb, ApiLimits limits) {
        return new AwsClients(dynamoDb, SESSION_NAME, limits);
    }

    void close(@Disposes AwsClients clients) {
        clients.close();
    }

    /**
     * The rates of {@code gfs.operations.aws.limits.<call>} ({@code DESCRIBE_CONTINUOUS_BACKUPS} is
     * {@code describe-continuous-backups}).
     *
     * @throws IllegalArgumentException naming the key when it is not a call or not a rate
     */
    static Map<AwsOperation, Double> rates(Map<String, Double> configured) {
        Map<AwsOperation, Double> rates = new EnumMap<>(AwsOperation.class);
        configured.forEach((key, rate) -> {
            AwsOperation operation = Arrays.stream(AwsOperation.values()).filter(o -> keyOf(o).equals(key))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("gfs.operations.aws.limits." + key
                            + ": not an AWS call the services make; valid: " + Arrays.stream(AwsOperation.values())
                            .map(AwsBeans::keyOf).toList()));
            if (rate == null || rate < 0 || rate.isNaN() || rate.isInfinite()) {
                throw new IllegalArgumentException("gfs.operations.aws.limits." + key + ": " + rate
                        + " is not a rate; give calls a second, 0 or more (0: no cap)");
            }
            rates.put(operation, rate);
        });
        return rates;
    }

    static String keyOf(AwsOperation operation) {
        return operation.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
