package io.gfsbackup.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.BackupDeleted;
import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.PointExpired;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.retention.api.ChainOutcome;
import io.gfsbackup.retention.command.ChainCommands;
import io.gfsbackup.retention.command.ChainCommands.Handled;
import io.gfsbackup.retention.support.BackupEvents;
import io.gfsbackup.retention.support.Chains;
import io.gfsbackup.retention.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The transactions around the chain commands: all or nothing, and nothing cached from a rollback. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class ChainCommandsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    @Inject
    ChainCommands commands;

    @Inject
    DataSource dataSource;

    @Test
    void batchWithAnInvalidMessageTakesNoEffectAndLeavesNoCachedStateBehind() {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("rollback");
        Instant s1;
        try (TestTime time = new TestTime(bootstrapServers, clock)) {
            s1 = time.freshDay().plus(Duration.ofDays(30));
        }
        Instant s2 = s1.plus(Duration.ofHours(4));
        UUID chainId = Ids.chainId(policy, table.arn());
        BackupCreated first = BackupEvents.created(policy, table, s1, Flags.of(Tier.D), Chains.veeam(1));
        BackupCreated second = BackupEvents.created(policy, table, s2, Flags.of(Tier.D), Chains.veeam(1));
        TableRef unknown = Chains.uniqueTable("unknown");
        BackupDeleted deletedOfUnknownChain = BackupDeleted.of(new PointExpired(
                Ids.pointExpiredId(policy, unknown.arn(), s1), s1, policy, unknown, s1,
                Chains.backupArn(unknown, s1), "name", s1, "NO_FLAGS_LEFT"), false, s1);
        assertThat(commands.handle(first)).isEqualTo(Handled.APPLIED);

        assertThatThrownBy(() -> commands.handleAll(List.of(second, deletedOfUnknownChain)))
                .isInstanceOf(AggregateNotFoundException.class);

        // s1 is the only (so the newest) point: keepAtLeast 1 keeps it; a cached s2 would have pushed it out
        ChainOutcome advanced = commands.advance(chainId, s2.plus(Duration.ofDays(4)));
        assertThat(advanced.events()).containsExactly(new io.gfsbackup.contracts.retention.FlagUnassigned(s1,
                Tier.D, s1.plus(Duration.ofDays(3)), io.gfsbackup.contracts.retention.FlagUnassigned.Reason
                        .RETENTION_ELAPSED));
        assertThat(commands.handle(second)).isEqualTo(Handled.APPLIED);
        assertThat(commands.handle(second)).isEqualTo(Handled.DUPLICATE);
        assertThat(given().header("Authorization", Tokens.auditor()).get("/api/v1/chains/{id}/events", chainId)
                .jsonPath().getList("type")).containsExactly("ChainOpened", "PointRecorded", "FlagUnassigned",
                "PointRecorded");
    }

    @Test
    void anAppendThatAnotherProcessMadeFirstIsAConflictThatIsRetriedNotAFailure() throws Exception {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("race");
        Instant s1;
        try (TestTime time = new TestTime(bootstrapServers, clock)) {
            s1 = time.freshDay().plus(Duration.ofDays(40));
        }
        UUID chainId = Ids.chainId(policy, table.arn());
        assertThat(commands.handle(BackupEvents.created(policy, table, s1, Flags.of(Tier.D), Chains.veeam(1))))
                .isEqualTo(Handled.APPLIED);
        long next = eventCount(chainId);

        // another process appends the chain's next event (its ChainOpened again: replaying it changes nothing)
        // while this process still holds the chain, loaded and cached, one event behind
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry "
                     + "(aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload, "
                     + "payload_revision, payload_type, time_stamp) SELECT aggregate_identifier, ?, type, ?, "
                     + "meta_data, payload, payload_revision, payload_type, time_stamp FROM domain_event_entry "
                     + "WHERE aggregate_identifier = ? AND sequence_number = 0")) {
            insert.setLong(1, next);
            insert.setString(2, UUID.randomUUID().toString());
            insert.setString(3, chainId.toString());
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }

        Instant s2 = s1.plus(Duration.ofHours(4));
        assertThat(commands.handle(BackupEvents.created(policy, table, s2, Flags.of(Tier.D), Chains.veeam(1))))
                .isEqualTo(Handled.APPLIED);
        assertThat(eventCount(chainId)).isEqualTo(next + 2);
    }

    private long eventCount(UUID chainId) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement(
                     "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")) {
            count.setString(1, chainId.toString());
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
