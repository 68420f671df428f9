package io.gfsbackup.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Messages;
import io.gfsbackup.contracts.messages.PolicyUpserted;
import io.gfsbackup.contracts.messages.Topics;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.scheduler.config.SchedulerLifecycle;
import io.gfsbackup.messaging.DeadLetters;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(MotoResource.class)
class PolicyDeadLetterTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    Clock clock;
    @Inject
    SchedulerLifecycle scheduler;

    @Test
    void unreadablePoliciesGoToTheDlqWithTheErrorInHeadersAndTheConsumerGoesOn() {
        UUID garbage = UUID.randomUUID();
        UUID wrongKey = UUID.randomUUID();
        UUID invalid = UUID.randomUUID();
        UUID good = UUID.randomUUID();
        String table = Fixtures.prefix("dlq");
        try (EventTap dlq = new EventTap(bootstrapServers, Topics.dlq(Topics.POLICIES));
             PolicyTopic policies = new PolicyTopic(bootstrapServers, Topics.POLICIES)) {
            Instant now = Instant.parse("2026-01-05T00:00:00Z");
            String valid = Messages.toJson(PolicyUpserted.of(wrongKey, 1, Fixtures.daily("\"07:00\"", table),
                    "test", now));
            policies.send(garbage.toString(), "{not json");
            policies.send(UUID.randomUUID().toString(), valid); // the key is not the message's policy id
            policies.send(invalid.toString(), valid.replace(wrongKey.toString(), invalid.toString())
                    .replace("\"P3D\"", "\"-P3D\"")); // a keep that is not positive
            policies.send("not-a-uuid", valid);
            policies.upsert(good, 1, Fixtures.daily("\"07:00\"", table), now);

            await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.instance().owns(good));
            await().atMost(Duration.ofSeconds(30)).until(() -> dlq.records(r -> true).size() >= 4);
            List<ConsumerRecord<String, String>> letters = dlq.records(r -> true);
            assertThat(letters).extracting(ConsumerRecord::key)
                    .contains(garbage.toString(), invalid.toString(), "not-a-uuid");
            assertThat(letters).allSatisfy(letter -> {
                assertThat(header(letter, DeadLetters.REASON)).isNotBlank();
                assertThat(header(letter, DeadLetters.TOPIC)).isEqualTo(Topics.POLICIES);
                assertThat(header(letter, DeadLetters.OFFSET)).matches("\\d+");
            });
            ConsumerRecord<String, String> notJson = letters.stream()
                    .filter(r -> r.key().equals(garbage.toString())).findFirst().orElseThrow();
            assertThat(notJson.value()).isEqualTo("{not json");
            assertThat(header(notJson, DeadLetters.REASON)).contains("not JSON");
            assertThat(scheduler.instance().owns(invalid)).isFalse();
            policies.delete(good);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return DeadLetters.header(record.headers(), name);
    }
}
