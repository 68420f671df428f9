package io.gfsbackup.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.gfsbackup.aws.Moto.TestClock;
import io.gfsbackup.contracts.policy.AwsAccount;
import io.gfsbackup.deploy.infra.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Credentials of another account from STS AssumeRole (moto), kept and assumed again before they expire. */
class AssumedRoleCredentialsTest {

    static final AwsAccount OTHER = new AwsAccount("222222222222", "arn:aws:iam::222222222222:role/gfs-backup",
            "external-1");

    static MotoServer moto;
    static DynamoDbClient own;

    @BeforeAll
    static void start() {
        moto = Moto.shared();
        own = Moto.ownClient(moto);
    }

    @AfterAll
    static void stop() {
        own.close();
    }

    @Test
    void theRoleIsAssumedOnceAndAgainFiveMinutesBeforeTheCredentialsExpire() {
        TestClock clock = new TestClock(Instant.now());
        ApiLimits limits = ApiLimits.none();
        try (AwsClients clients = new AwsClients(own, "credentials-test", limits, clock)) {
            AssumedRoleCredentials credentials = (AssumedRoleCredentials) clients.credentials(OTHER);
            AwsCredentials first = credentials.resolveCredentials();
            Instant expiry = credentials.expiry();
            assertThat(expiry).isAfter(clock.instant().plus(Duration.ofMinutes(50)));
            assertThat(clients.credentials(OTHER)).as("one provider per account").isSameAs(credentials);

            clock.set(expiry.minus(Duration.ofMinutes(5)).minusSeconds(1));
            assertThat(credentials.resolveCredentials()).isSameAs(first);
            assertThat(limits.calls(AwsOperation.ASSUME_ROLE)).isEqualTo(1);

            clock.set(expiry.minus(Duration.ofMinutes(5)));
            AwsCredentials renewed = credentials.resolveCredentials();
            assertThat(limits.calls(AwsOperation.ASSUME_ROLE)).isEqualTo(2);
            assertThat(renewed.accessKeyId()).isNotEqualTo(first.accessKeyId());
            assertThat(credentials.expiry()).isAfterOrEqualTo(expiry);
            assertThat(credentials.resolveCredentials()).isSameAs(renewed);
        }
    }

    @Test
    void callsWithTheAssumedRoleActInTheRolesAccount() {
        ApiLimits limits = ApiLimits.none();
        try (AwsClients clients = new AwsClients(own, "credentials-test", limits)) {
            String arn = Moto.createTable(clients.dynamoDb(OTHER, "us-east-1"), "theirs", Map.of());

            assertThat(arn).isEqualTo("arn:aws:dynamodb:us-east-1:222222222222:table/theirs");
            assertThat(own.listTables().tableNames()).doesNotContain("theirs");
            assertThat(clients.ownAccountId()).isEqualTo(MotoServer.ACCOUNT_ID);
            assertThat(limits.calls(AwsOperation.ASSUME_ROLE)).isEqualTo(1);
        }
    }
}
