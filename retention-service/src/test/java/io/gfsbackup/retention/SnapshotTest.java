package io.gfsbackup.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.retention.service.ChainCommands;
import io.gfsbackup.retention.support.BackupEvents;
import io.gfsbackup.retention.support.Chains;
import io.gfsbackup.retention.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Long chains are snapshotted; the answers do not depend on whether a snapshot exists. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
class SnapshotTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    @Inject
    ChainCommands commands;

    @Inject
    DataSource dataSource;

    @Test
    void asOfAndCurrentAnswersAreTheSameWithAndWithoutSnapshots() throws SQLException {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("snapshot");
        UUID chainId = Ids.chainId(policy, table.arn());
        Instant first;
        try (TestTime time = new TestTime(bootstrapServers, clock)) {
            first = time.freshDay().plus(Duration.ofDays(1));
        }
        for (int hour = 0; hour < 150; hour++) {
            commands.handle(BackupEvents.created(policy, table, first.plus(Duration.ofHours(hour)),
                    Flags.of(Tier.D), Chains.veeam(2)));
        }
        Instant advancedTo = first.plus(Duration.ofDays(3)).plus(Duration.ofHours(100));
        commands.advance(chainId, advancedTo);
        assertThat(snapshots(chainId)).isPositive();

        Instant middle = first.plus(Duration.ofDays(3)).plus(Duration.ofHours(40));
        String currentWithSnapshot = points(chainId, null);
        String middleWithSnapshot = points(chainId, middle);
        String latestAsOf = points(chainId, advancedTo.plus(Duration.ofDays(365)));

        deleteSnapshots(chainId);
        assertThat(snapshots(chainId)).isZero();
        assertThat(points(chainId, null)).isEqualTo(currentWithSnapshot);
        assertThat(points(chainId, middle)).isEqualTo(middleWithSnapshot);
        assertThat(latestAsOf).isEqualTo(currentWithSnapshot);
        assertThat(middleWithSnapshot).isNotEqualTo(currentWithSnapshot);
    }

    private static String points(UUID chainId, Instant asOf) {
        var request = given().header("Authorization", Tokens.auditor());
        var response = asOf == null ? request.get("/api/v1/chains/{id}", chainId)
                : request.get("/api/v1/chains/{id}?asOf={asOf}", chainId, asOf.toString());
        response.then().statusCode(200);
        return response.jsonPath().getList("points").toString();
    }

    private long snapshots(UUID chainId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?")) {
            statement.setString(1, chainId.toString());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private void deleteSnapshots(UUID chainId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "DELETE FROM snapshot_event_entry WHERE aggregate_identifier = ?")) {
            statement.setString(1, chainId.toString());
            statement.executeUpdate();
        }
    }
}
