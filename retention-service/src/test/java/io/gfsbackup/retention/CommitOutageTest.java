package io.gfsbackup.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaOutageResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.retention.support.BackupEvents;
import io.gfsbackup.retention.support.Chains;
import io.gfsbackup.retention.support.FaultyConsumers;
import io.gfsbackup.retention.support.TestKafka;
import io.gfsbackup.retention.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The retention consumer through a broker outage during a commit and an injected commit failure: neither stops it,
 * the record whose commit failed is handled again without effect, and a BackupCreated sent afterwards is recorded.
 */
@QuarkusTest
@TestProfile(CommitOutageTest.OwnBroker.class)
@WithTestResource(KafkaOutageResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class CommitOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A broker of its own, and consumers whose commits the test can make fail. */
    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.kafka.health.enabled", "false", "gfs.test.commit-faults", "true");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    private TestKafka kafka;
    private TestTime time;

    @BeforeEach
    void connect() {
        kafka = new TestKafka(bootstrapServers);
        time = new TestTime(bootstrapServers, clock);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
        time.close();
    }

    @Test
    void aBrokerOutageDuringACommitAndAFailedCommitLoseNothingAndTheNextBackupIsRecorded() {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("commit");
        UUID chainId = Ids.chainId(policy, table.arn());
        Instant day = time.freshDay();
        time.set(day.plus(Duration.ofHours(5)));
        int failedBefore = FaultyConsumers.FAULTS.failedCommits();

        FaultyConsumers.FAULTS.outageDuringNextCommit(Duration.ofSeconds(4));
        kafka.publish(BackupEvents.created(policy, table, day.plus(Duration.ofHours(1)), Flags.of(Tier.D), Chains.veeam(0)));
        await().atMost(WAIT).until(() -> !FaultyConsumers.FAULTS.armed());
        await().atMost(WAIT).until(() -> points(chainId) == 1);

        FaultyConsumers.FAULTS.failNextCommit();
        kafka.publish(BackupEvents.created(policy, table, day.plus(Duration.ofHours(2)), Flags.of(Tier.D), Chains.veeam(0)));
        await().atMost(WAIT).until(() -> !FaultyConsumers.FAULTS.armed());

        kafka.publish(BackupEvents.created(policy, table, day.plus(Duration.ofHours(3)), Flags.of(Tier.D), Chains.veeam(0)));
        await().atMost(WAIT).until(() -> points(chainId) == 3);

        assertThat(FaultyConsumers.FAULTS.failedCommits() - failedBefore).isEqualTo(2);
        assertThat(recorded(chainId)).as("each BackupCreated recorded once").isEqualTo(3);
        given().get("/q/health/ready").then().statusCode(200);
    }

    /** The chain's alive points. */
    private static int points(UUID chainId) {
        var response = given().header("Authorization", Tokens.viewer()).get("/api/v1/chains/{chainId}", chainId);
        return response.statusCode() == 200 ? response.jsonPath().getList("points").size() : 0;
    }

    /** How many PointRecorded events the chain has. */
    private static int recorded(UUID chainId) {
        return given().header("Authorization", Tokens.auditor()).get("/api/v1/chains/{chainId}/events", chainId)
                .jsonPath().getList("findAll { it.type == 'PointRecorded' }").size();
    }
}
