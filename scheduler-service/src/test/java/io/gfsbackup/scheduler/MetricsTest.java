package io.gfsbackup.scheduler;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Topics;
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
class MetricsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    Clock clock;
    @Inject
    DynamoDbClient dynamo;
    @Inject
    SchedulerLifecycle scheduler;

    @Test
    void metricsCountEmittedSlotsTheirTablesAndLateSlotsAndShowTheLagBehindTheClock() {
        String prefix = Fixtures.prefix("metrics");
        Fixtures.createTable(dynamo, prefix + "-1", Map.of());
        Fixtures.createTable(dynamo, prefix + "-2", Map.of());
        Fixtures.createTable(dynamo, prefix + "-3", Map.of());
        UUID policyId = UUID.randomUUID();
        try (TestTime time = new TestTime(bootstrapServers, clock);
             PolicyTopic policies = new PolicyTopic(bootstrapServers, Topics.POLICIES);
             EventTap tap = new EventTap(bootstrapServers, Topics.BACKUP_DUE, Topics.BACKUP_EVENTS)) {
            double slotsBefore = metric("gfs_scheduler_slots_emitted_total");
            double dueBefore = metric("gfs_scheduler_due_emitted_total");
            double tablesBefore = metric("gfs_scheduler_tables_per_slot_tables_sum");
            double lateBefore = metric("gfs_scheduler_slots_late_total");

            Instant day = time.begin(TestTime.FIRST);
            policies.upsert(policyId, 1, Fixtures.daily("\"01:00\", \"05:00\"", prefix + "-*"), day);
            await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.instance().owns(policyId));
            time.set(day.plus(Duration.ofHours(1)));
            await().until(() -> tap.due(policyId).size() == 3);
            time.set(day.plus(Duration.ofHours(3))); // nothing due: lag back to zero
            Instant late = day.plus(Duration.ofHours(7)); // 05:00 is two hours old: late
            time.set(late);
            await().until(() -> tap.late(policyId).size() == 3);
            await().until(() -> scheduler.instance().lastPass() != null
                    && !scheduler.instance().lastPass().isBefore(late));

            assertThat(metric("gfs_scheduler_slots_emitted_total") - slotsBefore).isEqualTo(1);
            assertThat(metric("gfs_scheduler_due_emitted_total") - dueBefore).isEqualTo(3);
            assertThat(metric("gfs_scheduler_late_due_emitted_total")).isGreaterThanOrEqualTo(3);
            assertThat(metric("gfs_scheduler_tables_per_slot_tables_sum") - tablesBefore).isEqualTo(3);
            assertThat(metric("gfs_scheduler_slots_late_total") - lateBefore).isEqualTo(1);
            assertThat(tap.missed(policyId)).as("only the worker writes outcomes").isEmpty();
            assertThat(metric("gfs_scheduler_lag_seconds")).isZero();
            assertThat(metric("gfs_scheduler_policies_owned")).isPositive();
            policies.delete(policyId);
        }
    }

    private static double metric(String name) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} ([0-9.eE+-]+)$").matcher(body);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
