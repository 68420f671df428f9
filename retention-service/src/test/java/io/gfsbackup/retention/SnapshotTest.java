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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.BackupChain;
import io.gfsbackup.contracts.retention.ChainEvent;
import io.gfsbackup.contracts.retention.RetentionSettings;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.retention.command.BackupChainAggregate;
import io.gfsbackup.retention.api.AxonJson;
import io.gfsbackup.retention.config.AxonRuntime;
import io.gfsbackup.retention.query.EventLog;
import io.gfsbackup.retention.command.ChainCommands;
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
@WithTestResource(MotoResource.class)
class SnapshotTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    @Inject
    ChainCommands commands;

    @Inject
    DataSource dataSource;

    @Inject
    AxonRuntime axon;

    @Inject
    EventLog eventLog;

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

    /**
     * A restarted service loads a chain from its latest snapshot and the events after it; from then on it must
     * decide exactly what a chain that never left memory decides. Dropping the chain from the cache makes every
     * next command load it that way.
     */
    @Test
    void aChainLoadedFromItsSnapshotDecidesWhatTheChainInMemoryDecides() throws SQLException {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("snapshot-reload");
        UUID chainId = Ids.chainId(policy, table.arn());
        RetentionSettings settings = Chains.veeam(2);
        LocalDate firstDay;
        try (TestTime time = new TestTime(bootstrapServers, clock)) {
            firstDay = LocalDate.ofInstant(time.freshDay(), ZoneOffset.UTC).plusDays(1);
        }
        BackupChain expected = new BackupChain();
        int step = 0;
        for (Instant slot : Chains.veeamSlots(firstDay, firstDay.plusMonths(9))) {
            Set<Tier> flags = Chains.veeamFlags(slot);
            List<ChainEvent> recorded = expected.applyAll(
                    expected.recordPoint(slot, flags, Chains.backupArn(table, slot), settings));
            commands.handle(BackupEvents.created(policy, table, slot, flags, settings));
            List<ChainEvent> advanced = expected.applyAll(expected.advanceTo(slot));
            assertThat(commands.advance(chainId, slot).events()).as("advance to %s", slot).isEqualTo(advanced);
            assertThat(recorded).hasSize(1);
            if (++step % 37 == 0) {
                axon.aggregateCache().remove(chainId.toString());
            }
        }
        assertThat(snapshots(chainId)).isPositive();
        assertSnapshotHoldsTheStoredEvents(chainId);
        axon.aggregateCache().remove(chainId.toString());
        Instant later = firstDay.plusYears(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(commands.advance(chainId, later).events()).isEqualTo(expected.advanceTo(later));
    }

    /**
     * The consumer handles a poll's messages as one batch: one transaction, one Axon root unit of work, the events
     * of the batch appended together. Across many batches of two interleaved chains, past the snapshot threshold
     * and with the chains dropped from the cache now and then, every decision is the in-memory chain's, and every
     * snapshot holds exactly the events stored before it.
     */
    @Test
    void batchesOfInterleavedChainsDecideWhatTheChainsInMemoryDecideAndSnapshotExactly() throws SQLException {
        UUID policy = UUID.randomUUID();
        List<TableRef> tables = List.of(Chains.uniqueTable("batch-a"), Chains.uniqueTable("batch-b"));
        RetentionSettings settings = Chains.veeam(2);
        LocalDate firstDay;
        try (TestTime time = new TestTime(bootstrapServers, clock)) {
            firstDay = LocalDate.ofInstant(time.freshDay(), ZoneOffset.UTC).plusDays(1);
        }
        java.util.Map<UUID, BackupChain> expected = new java.util.HashMap<>();
        tables.forEach(table -> expected.put(Ids.chainId(policy, table.arn()), new BackupChain()));
        List<Instant> slots = Chains.veeamSlots(firstDay, firstDay.plusMonths(8));
        int batch = 0;
        for (int from = 0; from < slots.size(); from += 12) {
            List<Instant> slice = slots.subList(from, Math.min(slots.size(), from + 12));
            List<io.gfsbackup.contracts.messages.Message> messages = new java.util.ArrayList<>();
            for (Instant slot : slice) {
                for (TableRef table : tables) {
                    messages.add(BackupEvents.created(policy, table, slot, Chains.veeamFlags(slot), settings));
                    BackupChain chain = expected.get(Ids.chainId(policy, table.arn()));
                    chain.applyAll(chain.recordPoint(slot, Chains.veeamFlags(slot), Chains.backupArn(table, slot),
                            settings));
                }
            }
            assertThat(commands.handleAll(messages)).containsOnly(ChainCommands.Handled.APPLIED);
            Instant last = slice.get(slice.size() - 1);
            for (var entry : expected.entrySet()) {
                List<ChainEvent> decided = entry.getValue().applyAll(entry.getValue().advanceTo(last));
                assertThat(commands.advance(entry.getKey(), last).events()).as("advance to %s", last)
                        .isEqualTo(decided);
            }
            if (++batch % 5 == 0) {
                expected.keySet().forEach(chainId -> axon.aggregateCache().remove(chainId.toString()));
            }
        }
        for (UUID chainId : expected.keySet()) {
            assertThat(snapshots(chainId)).isPositive();
            assertSnapshotHoldsTheStoredEvents(chainId);
        }
    }

    /** The latest snapshot's chain history is exactly the stored chain events up to its sequence number. */
    private void assertSnapshotHoldsTheStoredEvents(UUID chainId) throws SQLException {
        long sequence;
        BackupChainAggregate snapshot;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT sequence_number, payload FROM snapshot_event_entry WHERE aggregate_identifier = ? "
                             + "ORDER BY sequence_number DESC LIMIT 1")) {
            statement.setString(1, chainId.toString());
            try (ResultSet result = statement.executeQuery()) {
                assertThat(result.next()).isTrue();
                sequence = result.getLong(1);
                snapshot = AxonJson.mapper().readValue(result.getBytes(2), BackupChainAggregate.class);
            } catch (java.io.IOException e) {
                throw new AssertionError("unreadable snapshot", e);
            }
        }
        List<Object> stored = eventLog.read(chainId).stream()
                .filter(event -> event.sequence() <= sequence)
                .map(EventLog.StoredEvent::payload)
                .filter(ChainEvent.class::isInstance)
                .toList();
        assertThat(List.<Object>copyOf(snapshot.history())).isEqualTo(stored);
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
