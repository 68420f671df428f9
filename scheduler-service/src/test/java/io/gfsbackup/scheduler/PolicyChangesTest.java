package io.gfsbackup.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupDue;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.contracts.policy.BackupPolicy;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.scheduler.config.SchedulerLifecycle;
import io.gfsbackup.scheduler.persistence.CursorStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MotoResource.class)
class PolicyChangesTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    Clock clock;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    DataSource dataSource;
    @Inject
    SchedulerLifecycle scheduler;

    private TestTime time;
    private PolicyTopic policies;
    private EventTap tap;
    private CursorStore cursors;
    private UUID policyId;
    private String table;

    @BeforeEach
    void open() {
        time = new TestTime(bootstrapServers, clock);
        policies = new PolicyTopic(bootstrapServers, Topics.POLICIES);
        tap = new EventTap(bootstrapServers, Topics.BACKUP_DUE, Topics.BACKUP_EVENTS);
        cursors = new CursorStore(dataSource);
        policyId = UUID.randomUUID();
        table = Fixtures.prefix("changes");
        Fixtures.createTable(dynamo, table, Map.of());
    }

    @AfterEach
    void close() {
        policies.delete(policyId);
        tap.close();
        policies.close();
        time.close();
    }

    @Test
    void anEditTakesEffectFromTheNextSlotWithTheNewVersionAndItsSettings() {
        Instant day = time.begin(TestTime.FIRST);
        BackupPolicy v1 = Fixtures.daily("\"07:00\", \"19:00\"", table);
        policies.upsert(policyId, 1, v1, day);
        awaitOwned();
        time.set(day.plus(Duration.ofHours(7)));
        await().until(() -> tap.due(policyId).size() == 1);

        // at 08:00 the policy gains a 12:00 slot and keeps its points longer
        BackupPolicy v2 = Fixtures.policy("UTC", "{\"region\": \"us-east-1\", \"tables\": [\"" + table + "\"]}",
                "{\"daily\": {\"times\": [\"07:00\", \"12:00\", \"19:00\"], \"keep\": \"P5D\"}}", true);
        policies.upsert(policyId, 2, v2, day.plus(Duration.ofHours(8)));
        time.set(day.plus(Duration.ofHours(8)));
        time.set(day.plus(Duration.ofHours(12)));
        await().until(() -> tap.due(policyId).size() == 2);

        BackupDue first = tap.due(policyId).get(0);
        BackupDue second = tap.due(policyId).get(1);
        assertThat(first.due().policyVersion()).isEqualTo(1);
        assertThat(first.due().retention().keep().values()).containsExactly(java.time.Period.ofDays(3));
        assertThat(second.due().slot()).isEqualTo(day.plus(Duration.ofHours(12)));
        assertThat(second.due().policyVersion()).isEqualTo(2);
        assertThat(second.due().retention().keep().values()).containsExactly(java.time.Period.ofDays(5));
    }

    @Test
    void aDisabledPolicyEmitsNothingMoreAndAnOlderVersionArrivingAgainDoesNotEnableIt() {
        Instant day = time.begin(TestTime.FIRST);
        BackupPolicy enabled = Fixtures.daily("\"07:00\", \"19:00\"", table);
        policies.upsert(policyId, 1, enabled, day);
        awaitOwned();
        time.set(day.plus(Duration.ofHours(7)));
        await().until(() -> tap.due(policyId).size() == 1);

        BackupPolicy disabled = Fixtures.policy("UTC", "{\"region\": \"us-east-1\", \"tables\": [\"" + table + "\"]}",
                "{\"daily\": {\"times\": [\"07:00\", \"19:00\"], \"keep\": \"P3D\"}}", false);
        policies.upsert(policyId, 2, disabled, day.plus(Duration.ofHours(8)));
        policies.upsert(policyId, 1, enabled, day); // a redelivered old version
        Instant nextDay = day.plus(Duration.ofDays(1)).plus(Duration.ofHours(7));
        time.set(day.plus(Duration.ofHours(19)));
        time.set(nextDay);

        // the two slots pass (the cursor moves over them) and nothing is sent for them
        await().until(() -> cursors.find(policyId).map(CursorStore.Cursor::lastSlot).orElse(Instant.MIN)
                .equals(nextDay));
        assertThat(tap.due(policyId)).hasSize(1);
        assertThat(tap.missed(policyId)).isEmpty();
        assertThat(cursors.find(policyId).orElseThrow().policyVersion()).isEqualTo(2);
    }

    @Test
    void aDeletedPolicyEmitsNothingMoreAndItsCursorIsGone() {
        Instant day = time.begin(TestTime.FIRST);
        policies.upsert(policyId, 1, Fixtures.daily("\"07:00\", \"19:00\"", table), day);
        awaitOwned();
        time.set(day.plus(Duration.ofHours(7)));
        await().until(() -> tap.due(policyId).size() == 1);
        assertThat(cursors.find(policyId)).isPresent();

        policies.delete(policyId);
        await().until(() -> !scheduler.instance().owns(policyId) && cursors.find(policyId).isEmpty());
        Instant later = day.plus(Duration.ofHours(19));
        time.set(later);
        await().until(() -> scheduler.instance().lastPass() != null && !scheduler.instance().lastPass().isBefore(later));

        assertThat(tap.due(policyId)).hasSize(1);
        assertThat(cursors.find(policyId)).isEqualTo(Optional.empty());
    }

    @Test
    void tablesAreListedUpToHalfAMinuteAheadOfASlotSoATableCreatedLaterJoinsFromTheNextSlot() {
        Instant day = time.begin(TestTime.FIRST);
        policies.upsert(policyId, 1, Fixtures.daily("\"07:00\", \"19:00\"", table + "*"), day);
        awaitOwned();
        Instant slot = day.plus(Duration.ofHours(7));
        time.set(slot.minusSeconds(20));
        await().until(() -> scheduler.instance().lastPass() != null
                && !scheduler.instance().lastPass().isBefore(slot.minusSeconds(20)));
        Fixtures.createTable(dynamo, table + "-late", Map.of());

        time.set(slot);
        await().until(() -> tap.due(policyId).size() == 1);
        time.set(day.plus(Duration.ofHours(19)));
        await().until(() -> tap.due(policyId).size() == 3);

        assertThat(tap.due(policyId)).extracting(d -> d.due().table().name() + "@" + d.due().slot())
                .containsExactlyInAnyOrder(
                table + "@" + slot,
                table + "@" + day.plus(Duration.ofHours(19)),
                table + "-late@" + day.plus(Duration.ofHours(19)));
    }

    private void awaitOwned() {
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.instance().owns(policyId));
    }
}
