package io.gfsbackup.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.FlagUnassigned;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.Message;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.retention.config.AxonRuntime;
import io.gfsbackup.retention.messaging.BackupEventsConsumer;
import io.gfsbackup.retention.command.DueChainPoller;
import io.gfsbackup.retention.support.BackupEvents;
import io.gfsbackup.retention.support.ChainEvents;
import io.gfsbackup.retention.support.Chains;
import io.gfsbackup.retention.support.TestKafka;
import io.gfsbackup.retention.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A restart in the middle: the consumer, the due-chain poller and the publishing processor stop (as in a crash
 * or a deployment) after the first expiry went out; time passes and a backup is created while they are down;
 * when they start again from what is in PostgreSQL and Kafka (committed offsets, the processor's token, the
 * chain's next due instant), everything that fell due meanwhile is published in time order, and nothing is lost
 * or repeated.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class RestartTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    @Inject
    BackupEventsConsumer consumer;

    @Inject
    DueChainPoller poller;

    @Inject
    AxonRuntime axon;

    private TestKafka kafka;
    private TestTime time;

    @BeforeEach
    void connect() {
        kafka = new TestKafka(bootstrapServers);
        time = new TestTime(bootstrapServers, clock);
    }

    @AfterEach
    void restoreAndDisconnect() {
        consumer.start();
        if (!axon.publisherProcessor().isRunning()) {
            axon.publisherProcessor().start();
        }
        poller.resume();
        kafka.close();
        time.close();
    }

    @Test
    void restartInTheMiddleLosesNothingAndRepeatsNothing() {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("restart");
        UUID chainId = Ids.chainId(policy, table.arn());
        Instant day = time.freshDay();
        Instant s1 = day.plus(Duration.ofHours(1));
        Instant s2 = day.plus(Duration.ofHours(2));
        Instant s3 = day.plus(Duration.ofHours(3));
        time.set(s3);
        for (Instant slot : List.of(s1, s2, s3)) {
            kafka.publish(BackupEvents.created(policy, table, slot, Flags.of(Tier.D), Chains.veeam(0)));
        }
        await().atMost(WAIT).until(() -> ChainEvents.count(chainId) == 4);
        time.set(s1.plus(Duration.ofDays(3)));
        await().atMost(WAIT).until(() -> kafka.retentionEvents(table.arn()).size() == 2);

        consumer.stop();
        poller.pause();
        axon.publisherProcessor().shutDown();

        Instant s4 = s3.plus(Duration.ofDays(3));
        time.set(s4.plus(Duration.ofHours(1)));
        kafka.publish(BackupEvents.created(policy, table, s4, Flags.of(Tier.D), Chains.veeam(0)));
        ChainEvents.sleep(Duration.ofSeconds(2));
        assertThat(kafka.retentionEvents(table.arn())).hasSize(2);

        consumer.start();
        axon.publisherProcessor().start();
        poller.resume();

        await().atMost(WAIT).until(() -> kafka.retentionEvents(table.arn()).size() >= 6);
        ChainEvents.sleep(Duration.ofSeconds(2));
        List<Message> commands = kafka.retentionEvents(table.arn());
        assertThat(commands).extracting(Message::id).containsExactly(
                Ids.flagUnassignedId(policy, table.arn(), s1, Tier.D), Ids.pointExpiredId(policy, table.arn(), s1),
                Ids.flagUnassignedId(policy, table.arn(), s2, Tier.D), Ids.pointExpiredId(policy, table.arn(), s2),
                Ids.flagUnassignedId(policy, table.arn(), s3, Tier.D), Ids.pointExpiredId(policy, table.arn(), s3));
        assertThat(commands).extracting(message -> message instanceof FlagUnassigned unassigned ? unassigned.at()
                : ((PointExpired) message).at()).isSorted();
        given().header("Authorization", Tokens.viewer()).get("/api/v1/chains/{id}", chainId)
                .then().statusCode(200);
        assertThat(given().header("Authorization", Tokens.viewer()).get("/api/v1/chains/{id}", chainId)
                .jsonPath().getList("points.findAll { it.alive }.slot")).containsExactly(s4.toString());
    }
}
