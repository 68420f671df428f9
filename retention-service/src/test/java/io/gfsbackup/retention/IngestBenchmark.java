package io.gfsbackup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.BackupCreated;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.policy.Tier;
import io.gfsbackup.contracts.retention.PointRecorded;
import io.gfsbackup.contracts.schedule.Flags;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.retention.api.AxonJson;
import io.gfsbackup.retention.command.ChainCommands;
import io.gfsbackup.retention.support.BackupEvents;
import io.gfsbackup.retention.support.Chains;
import io.gfsbackup.retention.support.TestKafka;
import io.gfsbackup.retention.support.TestTime;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * BackupCreated ingest (events appended per second), next to plain JDBC inserts of the same number of event rows,
 * of the same shape and size, into the same database, one row per transaction, in the same run. Run by hand:
 * {@code mvn -B test -pl retention-service -Dtest=IngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class IngestBenchmark {

    private static final int CHAINS = Integer.getInteger("bench.chains", 20);
    private static final int PER_CHAIN = Integer.getInteger("bench.perChain", 250);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int BATCH = Integer.getInteger("bench.batch", 200);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Clock clock;

    @Inject
    ChainCommands commands;

    @Inject
    DataSource dataSource;

    @Test
    void ingestRateNextToPlainJdbcInserts() throws Exception {
        Instant start;
        try (TestTime time = new TestTime(bootstrapServers, clock)) {
            start = time.freshDay().plus(Duration.ofDays(10));
        }
        warmUp(start.minus(Duration.ofDays(5)));
        System.out.printf("%nIngestBenchmark: %d chains x %d BackupCreated, %d rounds%n", CHAINS, PER_CHAIN, ROUNDS);
        List<Double> singleRatios = new ArrayList<>();
        List<Double> batchedRatios = new ArrayList<>();
        List<Double> jdbcBatchRatios = new ArrayList<>();
        List<Double> batchedRates = new ArrayList<>();
        List<Double> kafkaRates = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Instant base = start.plus(Duration.ofDays(60L * round));

            List<BackupCreated> single = messages(base);
            long before = eventRows();
            long t0 = System.nanoTime();
            for (BackupCreated message : single) {
                commands.handle(message);
            }
            double singleSeconds = (System.nanoTime() - t0) / 1e9;
            long singleEvents = eventRows() - before;
            double jdbcSingle = singleEvents / plainInserts((int) singleEvents, 1);

            List<BackupCreated> batched = messages(base.plus(Duration.ofDays(15)));
            before = eventRows();
            t0 = System.nanoTime();
            for (int from = 0; from < batched.size(); from += BATCH) {
                commands.handleAll(new ArrayList<>(batched.subList(from, Math.min(from + BATCH, batched.size()))));
            }
            double batchedSeconds = (System.nanoTime() - t0) / 1e9;
            long batchedEvents = eventRows() - before;
            double jdbcBatched = batchedEvents / plainInserts((int) batchedEvents, BATCH);
            double jdbcBatchedStatements = batchedEvents / plainInserts((int) batchedEvents, BATCH, true);

            List<BackupCreated> viaKafka = messages(base.plus(Duration.ofDays(30)));
            before = eventRows();
            double kafkaSeconds = throughKafka(viaKafka);
            long kafkaEvents = eventRows() - before;
            // every BackupCreated records at least its point: a run that stored less measured nothing
            assertThat(singleEvents).as("events stored, one message per transaction").isGreaterThanOrEqualTo(single.size());
            assertThat(batchedEvents).as("events stored, batched").isGreaterThanOrEqualTo(batched.size());
            assertThat(kafkaEvents).as("events stored, through Kafka").isGreaterThanOrEqualTo(viaKafka.size());

            System.out.printf("round %d: one message per transaction: %d events in %.2f s = %.0f events/s, plain "
                            + "JDBC one row per transaction %.0f rows/s, ratio %.2f%n", round + 1, singleEvents,
                    singleSeconds, singleEvents / singleSeconds, jdbcSingle, singleEvents / singleSeconds / jdbcSingle);
            System.out.printf("round %d: %d messages per transaction: %d events in %.2f s = %.0f events/s, plain "
                            + "JDBC %d rows per transaction %.0f rows/s, ratio %.2f%n", round + 1, BATCH,
                    batchedEvents, batchedSeconds, batchedEvents / batchedSeconds, BATCH, jdbcBatched,
                    batchedEvents / batchedSeconds / jdbcBatched);
            System.out.printf("round %d: the same, next to plain JDBC %d rows per transaction sent as one JDBC batch "
                            + "%.0f rows/s, ratio %.2f%n", round + 1, BATCH, jdbcBatchedStatements,
                    batchedEvents / batchedSeconds / jdbcBatchedStatements);
            System.out.printf("round %d: through Kafka (consumer, a transaction per poll): %d events in %.2f s = "
                    + "%.0f events/s%n", round + 1, kafkaEvents, kafkaSeconds, kafkaEvents / kafkaSeconds);
            singleRatios.add(singleEvents / singleSeconds / jdbcSingle);
            batchedRatios.add(batchedEvents / batchedSeconds / jdbcBatched);
            jdbcBatchRatios.add(batchedEvents / batchedSeconds / jdbcBatchedStatements);
            batchedRates.add(batchedEvents / batchedSeconds);
            kafkaRates.add(kafkaEvents / kafkaSeconds);
        }
        System.out.printf("median of %d rounds: one message per transaction ratio %.2f; %d messages per transaction "
                        + "%.0f events/s, ratio %.2f (%.2f next to JDBC batches); through Kafka %.0f events/s%n",
                ROUNDS, median(singleRatios), BATCH, median(batchedRates), median(batchedRatios),
                median(jdbcBatchRatios), median(kafkaRates));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private void warmUp(Instant base) {
        TableRef table = Chains.uniqueTable("bench-warmup");
        UUID policy = UUID.randomUUID();
        for (int i = 0; i < 200; i++) {
            commands.handle(BackupEvents.created(policy, table, base.plus(Duration.ofHours(i)), Flags.of(Tier.D),
                    Chains.veeam(1)));
        }
    }

    /** One BackupCreated per chain and hour, interleaved across chains as a worker would emit them. */
    private static List<BackupCreated> messages(Instant base) {
        List<TableRef> tables = new ArrayList<>();
        UUID policy = UUID.randomUUID();
        for (int c = 0; c < CHAINS; c++) {
            tables.add(Chains.uniqueTable("bench"));
        }
        List<BackupCreated> messages = new ArrayList<>();
        for (int i = 0; i < PER_CHAIN; i++) {
            Instant slot = base.plus(Duration.ofHours(i));
            for (TableRef table : tables) {
                messages.add(BackupEvents.created(policy, table, slot, Chains.veeamFlags(slot), Chains.veeam(1)));
            }
        }
        return messages;
    }

    private double throughKafka(List<BackupCreated> messages) throws Exception {
        long handledBefore = count("SELECT count(*) FROM handled_message");
        // the consumer's committed offsets start at the end of the topic; only these messages are new
        long t0 = System.nanoTime();
        try (TestKafka kafka = new TestKafka(bootstrapServers)) {
            kafka.publishAll(messages);
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> count("SELECT count(*) FROM handled_message") - handledBefore >= messages.size());
        return (System.nanoTime() - t0) / 1e9;
    }

    private double plainInserts(int rows, int perTransaction) throws Exception {
        return plainInserts(rows, perTransaction, false);
    }

    /**
     * Inserts {@code rows} rows shaped like domain_event_entry rows, {@code perTransaction} per transaction, one
     * statement each or, with {@code jdbcBatch}, the rows of a transaction as one JDBC batch.
     */
    private double plainInserts(int rows, int perTransaction, boolean jdbcBatch) throws Exception {
        byte[] payload = AxonJson.mapper().writeValueAsBytes(samplePoint());
        byte[] metaData = "{\"traceId\":\"0f0e0d0c-0b0a-0908-0706-050403020100\"}".getBytes();
        try (Connection connection = dataSource.getConnection()) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("DROP TABLE IF EXISTS benchmark_event_entry");
                ddl.execute("CREATE TABLE benchmark_event_entry (LIKE domain_event_entry INCLUDING ALL)");
            }
            connection.setAutoCommit(perTransaction == 1);
            long t0 = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO benchmark_event_entry "
                    + "(global_index, aggregate_identifier, sequence_number, type, event_identifier, meta_data, "
                    + "payload, payload_revision, payload_type, time_stamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                String aggregate = UUID.randomUUID().toString();
                for (int i = 0; i < rows; i++) {
                    insert.setLong(1, i + 1);
                    insert.setString(2, aggregate);
                    insert.setLong(3, i);
                    insert.setString(4, "BackupChainAggregate");
                    insert.setString(5, UUID.randomUUID().toString());
                    insert.setBytes(6, metaData);
                    insert.setBytes(7, payload);
                    insert.setString(8, null);
                    insert.setString(9, PointRecorded.class.getName());
                    insert.setString(10, Instant.now().toString());
                    if (jdbcBatch) {
                        insert.addBatch();
                    } else {
                        insert.executeUpdate();
                    }
                    if (perTransaction > 1 && (i + 1) % perTransaction == 0) {
                        if (jdbcBatch) {
                            insert.executeBatch();
                        }
                        connection.commit();
                    }
                }
                if (perTransaction > 1) {
                    if (jdbcBatch) {
                        insert.executeBatch();
                    }
                    connection.commit();
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            connection.setAutoCommit(true);
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("DROP TABLE benchmark_event_entry");
            }
            return seconds;
        }
    }

    private static PointRecorded samplePoint() {
        Instant slot = Instant.parse("2026-01-05T07:00:00Z");
        return new PointRecorded(slot, Chains.veeam(1).expiriesOf(slot, Flags.of(Tier.D, Tier.W, Tier.M)),
                Flags.of(), "arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01767596400000-abcdef12",
                Chains.veeam(1));
    }

    private long eventRows() throws SQLException {
        return count("SELECT count(*) FROM domain_event_entry");
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
