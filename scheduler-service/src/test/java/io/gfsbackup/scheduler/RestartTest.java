package io.gfsbackup.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.scheduler.persistence.CursorStore;
import io.gfsbackup.scheduler.config.SchedulerInstance;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Instances of the test's own, on a policies topic of its own, stopped and started again. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MotoResource.class)
class RestartTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    Clock clock;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    DataSource dataSource;

    @Test
    void afterARestartASlotInsideItsStartWindowIsEmittedLateAndAnOlderOneIsHandedToTheWorkerPastItsWindow() {
        String topic = PolicyTopic.createFresh(bootstrapServers, "policies-restart");
        String group = "restart-" + UUID.randomUUID();
        String table = Fixtures.prefix("restart");
        Fixtures.createTable(dynamo, table, Map.of());
        UUID policyId = UUID.randomUUID();
        CursorStore cursors = new CursorStore(dataSource);
        try (TestTime time = new TestTime(bootstrapServers, clock);
             PolicyTopic policies = new PolicyTopic(bootstrapServers, topic);
             EventTap tap = new EventTap(bootstrapServers, Topics.BACKUP_DUE, Topics.BACKUP_EVENTS)) {
            Instant day = time.begin(TestTime.FIRST);
            policies.upsert(policyId, 1, Fixtures.daily("\"01:00\", \"02:00\", \"03:00\"", table), day);
            SchedulerInstance first = Instances.start("first", bootstrapServers, topic, group, cursors, dynamo, clock);
            await().atMost(Duration.ofSeconds(30)).until(() -> first.owns(policyId));
            time.set(day.plus(Duration.ofHours(1)));
            await().until(() -> tap.due(policyId).size() == 1);
            first.close();

            // down from 01:00 to 03:30: the 02:00 slot's window (until 03:00) has passed, the 03:00 one's has not
            Instant back = day.plus(Duration.ofMinutes(210));
            time.set(back);
            try (SchedulerInstance second = Instances.start("second", bootstrapServers, topic, group, cursors, dynamo,
                    clock)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> tap.due(policyId).size() == 3);
                await().until(() -> second.lastPass() != null);
            }

            // the scheduler writes no outcome: the worker records the late due missed unless it was claimed in time
            List<BackupDue> due = tap.due(policyId);
            assertThat(due).extracting(d -> d.due().slot()).containsExactly(day.plus(Duration.ofHours(1)),
                    day.plus(Duration.ofHours(2)), day.plus(Duration.ofHours(3)));
            assertThat(due.get(1).occurredAt()).as("sent after its window").isEqualTo(back)
                    .isAfter(due.get(1).due().startWindowEnd());
            assertThat(due.get(1).id()).isEqualTo(Ids.dueId(policyId, Fixtures.arn(table), day.plus(Duration.ofHours(2))));
            assertThat(tap.late(policyId)).containsExactly(due.get(1));
            assertThat(due.get(2).occurredAt()).as("emitted late, inside its window").isEqualTo(back)
                    .isBefore(due.get(2).due().startWindowEnd());
            assertThat(tap.missed(policyId)).isEmpty();
            assertThat(cursors.find(policyId).orElseThrow().lastSlot()).isEqualTo(day.plus(Duration.ofHours(3)));
        }
    }

    @Test
    void aCrashBetweenSendingAndMovingTheCursorResendsTheSlotWithTheSameDueIds() {
        String topic = PolicyTopic.createFresh(bootstrapServers, "policies-crash");
        String group = "crash-" + UUID.randomUUID();
        String prefix = Fixtures.prefix("crash");
        Fixtures.createTable(dynamo, prefix + "-a", Map.of());
        Fixtures.createTable(dynamo, prefix + "-b", Map.of());
        UUID policyId = UUID.randomUUID();
        AtomicInteger crashes = new AtomicInteger();
        // the slot's events are sent and acknowledged, then the process "dies" before the cursor moves
        CursorStore crashOnce = new CursorStore(dataSource) {
            @Override
            public Outcome handle(UUID policy, Instant slot, long version, Instant now, SlotWork work)
                    throws Exception {
                return super.handle(policy, slot, version, now, () -> {
                    work.run();
                    if (crashes.getAndIncrement() == 0) {
                        throw new IllegalStateException("crash after the send, before the commit");
                    }
                });
            }
        };
        try (TestTime time = new TestTime(bootstrapServers, clock);
             PolicyTopic policies = new PolicyTopic(bootstrapServers, topic);
             EventTap tap = new EventTap(bootstrapServers, Topics.BACKUP_DUE)) {
            Instant day = time.begin(TestTime.FIRST);
            policies.upsert(policyId, 1, Fixtures.daily("\"01:00\"", prefix + "-*"), day);
            try (SchedulerInstance instance = Instances.start("crashing", bootstrapServers, topic, group, crashOnce,
                    dynamo, clock)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> instance.owns(policyId));
                Instant slot = day.plus(Duration.ofHours(1));
                time.set(slot);
                // the next tick sends the slot again; then the cursor moves and nothing more is sent
                await().atMost(Duration.ofSeconds(30)).until(() -> new CursorStore(dataSource).find(policyId)
                        .map(CursorStore.Cursor::lastSlot).filter(slot::equals).isPresent());
                // both sends reach the tap (it reads on a thread of its own, so the count may lag the cursor) ...
                await().atMost(Duration.ofSeconds(10)).until(() -> tap.due(policyId).size() >= 4);
                // ... and nothing is sent after the cursor moved
                await().pollDelay(Duration.ofSeconds(2)).until(() -> true);

                List<BackupDue> due = tap.due(policyId);
                assertThat(due).hasSize(4);
                assertThat(due).extracting(BackupDue::id).containsOnly(
                        Ids.dueId(policyId, Fixtures.arn(prefix + "-a"), slot),
                        Ids.dueId(policyId, Fixtures.arn(prefix + "-b"), slot));
                assertThat(due.stream().map(BackupDue::id).distinct()).hasSize(2);
            }
        }
    }
}
