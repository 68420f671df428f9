package io.gfsbackup.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.testing.CommitFaults;
import io.gfsbackup.deploy.testing.KafkaOutageResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.scheduler.config.SchedulerInstance;
import io.gfsbackup.scheduler.persistence.CursorStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The scheduler's policies consumer through a broker outage during a commit and an injected commit failure: neither
 * stops it or loses a policy version, and the policy's next slot is still sent as a BackupDue.
 */
@QuarkusTest
@TestProfile(CommitOutageTest.OwnBroker.class)
@WithTestResource(KafkaOutageResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MotoResource.class)
class CommitOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A broker of its own, behind a proxy the test cuts. */
    public static class OwnBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.kafka.health.enabled", "false");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    Clock clock;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    DataSource dataSource;

    @Test
    void aBrokerOutageDuringACommitAndAFailedCommitLoseNoPolicyAndTheNextSlotIsStillDue() {
        String topic = PolicyTopic.createFresh(bootstrapServers, "policies-commit");
        String table = Fixtures.prefix("commit");
        Fixtures.createTable(dynamo, table, Map.of());
        UUID policyId = UUID.randomUUID();
        CommitFaults faults = new CommitFaults();
        try (TestTime time = new TestTime(bootstrapServers, clock);
             PolicyTopic policies = new PolicyTopic(bootstrapServers, topic);
             EventTap tap = new EventTap(bootstrapServers, Topics.BACKUP_DUE);
             SchedulerInstance instance = Instances.start("commit", bootstrapServers, topic,
                     "commit-" + UUID.randomUUID(), new CursorStore(dataSource), dynamo, clock, faults::apply)) {
            Instant day = time.begin(TestTime.FIRST);

            faults.outageDuringNextCommit(Duration.ofSeconds(4));
            policies.upsert(policyId, 1, Fixtures.daily("\"01:00\"", table), day);
            await().atMost(WAIT).until(() -> !faults.armed());
            await().atMost(WAIT).until(() -> instance.owns(policyId));

            faults.failNextCommit();
            policies.upsert(policyId, 2, Fixtures.daily("\"02:00\"", table), day);
            await().atMost(WAIT).until(() -> !faults.armed());

            time.set(day.plus(Duration.ofHours(2)));
            await().atMost(WAIT).until(() -> tap.due(policyId).stream().anyMatch(due ->
                    due.due().slot().equals(day.plus(Duration.ofHours(2)))));
            assertThat(tap.due(policyId)).as("sent under the version whose commit failed")
                    .allSatisfy(due -> assertThat(due.due().policyVersion()).isEqualTo(2));
            assertThat(faults.failedCommits()).isEqualTo(2);
            assertThat(instance.owns(policyId)).isTrue();
        }
    }
}
