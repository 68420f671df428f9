package io.gfsbackup.operations.config;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.ConfigProvider;

import io.gfsbackup.aws.ApiLimits;
import io.gfsbackup.aws.AwsClients;
import io.gfsbackup.aws.AwsOperation;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The AWS clients of the operations service: one per account and region, every call paced per operation, account
 * and region by AWS's published rates, which {@code gfs.operations.limits.<call>} (e.g. {@code describe-backup})
 * replace.
 */
@ApplicationScoped
public class AwsBeans {

    private static final String LIMITS = "gfs.operations.limits.";

    @Produces
    @ApplicationScoped
    AwsClients awsClients(DynamoDbClient dynamoDb) {
        return new AwsClients(dynamoDb, "gfs-operations", limits());
    }

    void close(@Disposes AwsClients clients) {
        clients.close();
    }

    static ApiLimits limits() {
        Map<AwsOperation, Double> overrides = new EnumMap<>(AwsOperation.class);
        var config = ConfigProvider.getConfig();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(LIMITS)) {
                continue;
            }
            String key = name.substring(LIMITS.length());
            AwsOperation operation = Arrays.stream(AwsOperation.values()).filter(o -> keyOf(o).equals(key))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(name + ": not an AWS call the"
                            + " services make; valid: " + Arrays.stream(AwsOperation.values()).map(AwsBeans::keyOf)
                            .toList()));
            double rate = config.getValue(name, Double.class);
            if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException(name + ": " + rate + " is not a rate; give calls a second, 0 or"
                        + " more (0: no cap)");
            }
            overrides.put(operation, rate);
        }
        return ApiLimits.published(overrides);
    }

    static String keyOf(AwsOperation operation) {
        return operation.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
