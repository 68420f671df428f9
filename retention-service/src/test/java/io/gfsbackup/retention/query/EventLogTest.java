package io.gfsbackup.retention.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.retention.command.ChainCommands;
import io.gfsbackup.retention.support.BackupEvents;
import io.gfsbackup.retention.support.Chains;
import io.gfsbackup.retention.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The audit's event log keeps decoded events up to its bound in all chains, and reads right after an eviction. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class EventLogTest {

    @Inject
    DataSource dataSource;

    @Inject
    ChainCommands commands;

    @Inject
    Clock clock;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void decodedEventsStayWithinTheirBoundAcrossChainsAndAnEvictedChainReadsWhole() {
        UUID first;
        UUID second;
        try (TestTime time = new TestTime(bootstrapServers, clock)) {
            Instant day = time.freshDay();
            first = chainWithPoints(day, 3);
            second = chainWithPoints(day, 3);
        }
        EventLog log = new EventLog();
        log.dataSource = dataSource;
        log.maxCachedEvents = 6;
        log.createCache();

        List<EventLog.StoredEvent> firstEvents = log.read(first);
        assertThat(firstEvents).hasSizeGreaterThanOrEqualTo(4);
        assertThat(log.cachedEvents()).isEqualTo(firstEvents.size());

        List<EventLog.StoredEvent> secondEvents = log.read(second);
        assertThat(log.cachedEvents()).isLessThanOrEqualTo(6);
        assertThat(log.read(first)).isEqualTo(firstEvents);
        assertThat(log.read(second)).isEqualTo(secondEvents);
        assertThat(log.cachedEvents()).isLessThanOrEqualTo(6);

        log.forget(first);
        log.forget(second);
        assertThat(log.cachedEvents()).isZero();
    }

    private UUID chainWithPoints(Instant day, int points) {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("event-log");
        for (int i = 0; i < points; i++) {
            commands.handle(BackupEvents.created(policy, table, day.plus(Duration.ofDays(i)), java.util.Set.of(Tier.D),
                    Chains.veeam(0)));
        }
        return Ids.chainId(policy, table.arn());
    }
}
