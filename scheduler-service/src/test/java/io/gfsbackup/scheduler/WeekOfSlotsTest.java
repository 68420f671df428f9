package io.gfsbackup.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.DueSlot;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.RetentionSettings;
import io.gfsbackup.contracts.schedule.HarmonizedSchedule;
import io.gfsbackup.contracts.schedule.Slot;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.scheduler.config.SchedulerLifecycle;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MotoResource.class)
class WeekOfSlotsTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    Clock clock;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    SchedulerLifecycle scheduler;

    private TestTime time;
    private PolicyTopic policies;
    private EventTap tap;
    private UUID policyId;

    @BeforeEach
    void open() {
        time = new TestTime(bootstrapServers, clock);
        policies = new PolicyTopic(bootstrapServers, Topics.POLICIES);
        tap = new EventTap(bootstrapServers, Topics.BACKUP_DUE, Topics.BACKUP_EVENTS);
    }

    @AfterEach
    void close() {
        if (policyId != null) {
            policies.delete(policyId);
        }
        tap.close();
        policies.close();
        time.close();
    }

    @Test
    void aWeekAcrossADaylightSavingChangeEmitsOneBackupDuePerSelectedTableAndSlotExactlyAsTheScheduleSays() {
        String p = Fixtures.prefix("week");
        Fixtures.createTable(dynamo, p + "-orders", Map.of());
        Fixtures.createTable(dynamo, p + "-shard-1", Map.of());
        Fixtures.createTable(dynamo, p + "-shard-2", Map.of());
        Fixtures.createTable(dynamo, p + "-shard-scratch", Map.of());
        Fixtures.createTable(dynamo, p + "-tagged", Map.of("backup", p));
        Fixtures.createTable(dynamo, p + "-untagged", Map.of("backup", "other"));
        BackupPolicy policy = Fixtures.policy("Europe/Berlin", """
                {"region": "us-east-1", "tables": ["%1$s-orders", "%1$s-shard-*"], "tags": {"backup": "%1$s"},
                 "exclude": ["%1$s-shard-scratch"]}""".formatted(p), """
                {"daily": {"times": ["02:30", "07:00", "19:00"], "keep": "P3D"},
                 "weekly": {"day": "SUN", "time": "07:00", "keep": "P2W"}}""", true);
        List<String> selected = List.of(p + "-orders", p + "-shard-1", p + "-shard-2", p + "-tagged");

        // a week that contains the next daylight-saving change in Berlin, whatever instant earlier tests left
        Instant after = time.current() == null ? TestTime.FIRST : time.current().plus(Duration.ofDays(4));
        Instant change = BERLIN.getRules().nextTransition(after).getInstant();
        Instant begin = time.begin(change.minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.DAYS));
        Instant end = begin.plus(Duration.ofDays(7));
        assertThat(BERLIN.getRules().getOffset(begin)).isNotEqualTo(BERLIN.getRules().getOffset(end));

        policyId = UUID.randomUUID();
        policies.upsert(policyId, 1, policy, begin);
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.instance().owns(policyId));

        List<Slot> slots = HarmonizedSchedule.slots(policy, begin, end);
        assertThat(slots).hasSize(21);
        int expected = 0;
        for (Slot slot : slots) {
            time.set(slot.at());
            expected += selected.size();
            int count = expected;
            await().atMost(Duration.ofSeconds(30)).until(() -> tap.due(policyId).size() >= count);
        }
        time.set(end);

        List<ConsumerRecord<String, String>> records = tap.dueRecords(policyId);
        assertThat(records).hasSize(slots.size() * selected.size());
        Set<UUID> ids = new HashSet<>();
        RetentionSettings retention = RetentionSettings.of(policy);
        for (ConsumerRecord<String, String> record : records) {
            BackupDue message = Messages.fromJson(record.value(), BackupDue.class);
            DueSlot due = message.due();
            assertThat(record.key()).isEqualTo(due.table().arn());
            assertThat(due.table()).isEqualTo(TableRef.fromArn(Fixtures.arn(due.table().name())));
            assertThat(message.id()).isEqualTo(Ids.dueId(policyId, due.table().arn(), due.slot()));
            assertThat(ids.add(message.id())).as("due id %s emitted once", message.id()).isTrue();
            assertThat(due.policyId()).isEqualTo(policyId);
            assertThat(due.policyVersion()).isEqualTo(1);
            assertThat(due.retention()).isEqualTo(retention);
            assertThat(due.startWindowEnd()).isEqualTo(due.slot().plus(Duration.ofHours(1)));
            assertThat(message.occurredAt()).as("emitted at its slot").isEqualTo(due.slot());
        }
        // exactly the slots and flags of the schedule, for exactly the selected tables
        Set<String> actual = new HashSet<>();
        records.stream().map(r -> Messages.fromJson(r.value(), BackupDue.class).due())
                .forEach(due -> actual.add(due.table().name() + "@" + due.slot() + due.flags()));
        Set<String> wanted = new HashSet<>();
        for (Slot slot : slots) {
            selected.forEach(table -> wanted.add(table + "@" + slot.at() + slot.flags()));
        }
        assertThat(actual).isEqualTo(wanted);
        // the weekly slot carries W with its carry deadline: the next Sunday 07:00 in Berlin
        assertThat(records.stream().map(r -> Messages.fromJson(r.value(), BackupDue.class).due())
                .filter(due -> due.flags().contains(Tier.W)))
                .hasSize(selected.size())
                .allSatisfy(due -> assertThat(due.carryDeadlines().get(Tier.W))
                        .isEqualTo(due.slot().atZone(BERLIN).plusWeeks(1).toInstant()));
    }
}
