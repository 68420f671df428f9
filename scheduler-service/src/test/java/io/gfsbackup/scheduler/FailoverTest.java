package io.gfsbackup.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.scheduler.persistence.CursorStore;
import io.gfsbackup.scheduler.config.SchedulerInstance;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Two instances at once: one in this JVM, one in a process of its own ({@link SchedulerProcessMain}) that the test
 * kills with SIGKILL, as a crash would: no goodbye to the broker, a transaction possibly open in PostgreSQL.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MotoResource.class)
class FailoverTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.dynamodb.endpoint-override")
    String dynamoEndpoint;
    @ConfigProperty(name = "quarkus.dynamodb.aws.credentials.static-provider.access-key-id")
    String accessKey;
    @ConfigProperty(name = "quarkus.dynamodb.aws.credentials.static-provider.secret-access-key")
    String secretKey;
    @Inject
    Clock clock;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    DataSource dataSource;

    @Test
    void twoInstancesEmitEachSlotOnceBetweenThemAndWhenOneIsKilledTheOtherTakesOverWithinTheSessionTimeout()
            throws Exception {
        String topic = PolicyTopic.createFresh(bootstrapServers, "policies-failover");
        String group = "failover-" + UUID.randomUUID();
        String table = Fixtures.prefix("failover");
        Fixtures.createTable(dynamo, table, Map.of());
        List<UUID> policyIds = twoPerPartition();
        Process other = null;
        try (TestTime time = new TestTime(bootstrapServers, clock);
             PolicyTopic policies = new PolicyTopic(bootstrapServers, topic);
             EventTap tap = new EventTap(bootstrapServers, Topics.BACKUP_DUE);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Instant day = time.begin(TestTime.FIRST);
            for (UUID id : policyIds) {
                policies.upsert(id, 1, Fixtures.daily("\"01:00\", \"02:00\"", table), day);
            }
            other = startProcess(topic, group);
            await().atMost(Duration.ofSeconds(60)).until(() -> members(admin, group) == 1);
            try (SchedulerInstance here = Instances.start("here", bootstrapServers, topic, group,
                    new CursorStore(dataSource), dynamo, clock)) {
                // the group settles with both: this one owns some partitions, the other process the rest
                await().atMost(Duration.ofSeconds(60)).until(() -> members(admin, group) == 2
                        && !here.readyPartitions().isEmpty() && here.readyPartitions().size() < 3
                        && assignedInGroup(admin, group) == 3);
                long ownedHere = policyIds.stream().filter(here::owns).count();
                assertThat(ownedHere).isBetween(2L, 4L);

                Instant first = day.plus(Duration.ofHours(1));
                time.set(first);
                await().atMost(Duration.ofSeconds(30)).until(() -> dueAt(tap, policyIds, first).size() == 6);
                // A kill between a send and its cursor update resends the slot with the same due ids (RestartTest);
                // here the kill comes after both instances have moved their cursors past the first slot.
                CursorStore cursors = new CursorStore(dataSource);
                await().atMost(Duration.ofSeconds(30)).until(() -> policyIds.stream().allMatch(id -> cursors.find(id)
                        .map(cursor -> cursor.handled(first)).orElse(false)));

                other.destroyForcibly();
                long killedAt = System.nanoTime();
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                        .until(() -> here.readyPartitions().size() == 3);
                Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
                System.out.println("takeover after SIGKILL: " + takeover.toMillis() + " ms");
                assertThat(takeover).isLessThan(Instances.SESSION_TIMEOUT.plus(Duration.ofSeconds(10)));
                assertThat(policyIds).allMatch(here::owns);

                Instant second = day.plus(Duration.ofHours(2));
                time.set(second);
                await().atMost(Duration.ofSeconds(30)).until(() -> dueAt(tap, policyIds, second).size() == 6);
                await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            }

            List<BackupDue> all = new ArrayList<>();
            policyIds.forEach(id -> all.addAll(tap.due(id)));
            assertThat(all).hasSize(12);
            assertThat(all.stream().map(BackupDue::id).distinct()).hasSize(12);
        } finally {
            if (other != null) {
                other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static List<BackupDue> dueAt(EventTap tap, List<UUID> policyIds, Instant slot) {
        List<BackupDue> found = new ArrayList<>();
        policyIds.forEach(id -> tap.due(id).stream().filter(d -> d.due().slot().equals(slot)).forEach(found::add));
        return found;
    }

    /** Six policy ids, two on each partition of the topic. */
    private static List<UUID> twoPerPartition() {
        List<UUID> ids = new ArrayList<>();
        int[] count = new int[PolicyTopic.PARTITIONS];
        while (ids.size() < 6) {
            UUID id = UUID.randomUUID();
            int partition = PolicyTopic.partitionOf(id);
            if (count[partition] < 2) {
                count[partition]++;
                ids.add(id);
            }
        }
        return ids;
    }

    private static int members(Admin admin, String group) throws Exception {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                    .get(group);
            return description.members().size();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                return 0; // the group exists once its first member has joined
            }
            throw e;
        }
    }

    private static int assignedInGroup(Admin admin, String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        Set<Integer> partitions = new HashSet<>();
        description.members().forEach(m -> m.assignment().topicPartitions().forEach(tp -> partitions.add(tp.partition())));
        return partitions.size();
    }

    private Process startProcess(String topic, String group) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = Files.createTempFile("scheduler-process", ".log");
        List<String> command = List.of(java, "-Xmx256m", "-cp", classpath,
                "-Dgfs.name=process", "-Dgfs.bootstrap=" + bootstrapServers, "-Dgfs.topic=" + topic,
                "-Dgfs.group=" + group, "-Dgfs.jdbc=" + jdbcUrl, "-Dgfs.user=" + dbUser,
                "-Dgfs.dynamo=" + dynamoEndpoint, "-Dgfs.key=" + accessKey, "-Dgfs.secret=" + secretKey,
                SchedulerProcessMain.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !process.isAlive()
                || Files.readString(log).contains("STARTED"));
        assertThat(process.isAlive()).as("the second instance runs; see " + log).isTrue();
        return process;
    }
}
