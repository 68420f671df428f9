package io.gfsbackup.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.policy.AwsAccount;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** State keyed by what messages name (account, region) is dropped once unused: no message can grow it. */
class BoundedStateTest {

    @Test
    void thePacersOfIdleAccountsAndRegionsAreDropped() {
        AtomicLong nanos = new AtomicLong();
        Map<AwsOperation, Double> uncapped = new EnumMap<>(AwsOperation.class);
        for (AwsOperation operation : AwsOperation.values()) {
            uncapped.put(operation, 0d);
        }
        ApiLimits limits = new ApiLimits(uncapped, Duration.ZERO, Duration.ZERO, 1, nanos::get);
        for (int i = 0; i < 1_000; i++) {
            limits.acquire(AwsOperation.CREATE_BACKUP, new AwsScope(String.format("%012d", i), "us-east-1"));
        }
        limits.acquire(AwsOperation.DELETE_BACKUP, new AwsScope("123456789012", "us-east-1"));
        assertThat(limits.pacers()).isEqualTo(1_001);

        nanos.addAndGet(ApiLimits.IDLE.plusSeconds(1).toNanos());
        assertThat(limits.pacers()).isZero();
    }

    @Test
    void theConfiguredClientServesItsOwnAccountAndRegionAndOtherClientsAreKeptOncePerAccountAndRegionUpToABound() {
        DynamoDbClient home = DynamoDbClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .endpointOverride(URI.create("http://localhost:1")).build();
        AwsAccount other = new AwsAccount("222222222222", "arn:aws:iam::222222222222:role/gfs-backup", null);
        try (AwsClients clients = new AwsClients(home, "test", ApiLimits.none())) {
            assertThat(clients.dynamoDb(null, "us-east-1")).isSameAs(home);
            DynamoDbClient west = clients.dynamoDb(null, "eu-west-1");
            assertThat(clients.dynamoDb(null, "eu-west-1")).isSameAs(west);
            DynamoDbClient otherEast = clients.dynamoDb(other, "us-east-1");
            assertThat(otherEast).isNotSameAs(home).isSameAs(clients.dynamoDb(other, "us-east-1"));
            for (int i = 0; i < AwsClients.MAX_CLIENTS + 100; i++) {
                clients.dynamoDb(null, "xx-forged-" + i);
            }
            assertThat(clients.open()).isLessThanOrEqualTo(AwsClients.MAX_CLIENTS);
        }
        home.close();
    }
}
