package io.gfsbackup.retention;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;

import io.gfsbackup.contracts.messages.Ids;
import io.gfsbackup.contracts.messages.TableRef;
import io.gfsbackup.contracts.retention.BackupChain;
import io.gfsbackup.contracts.retention.ChainEvent;
import io.gfsbackup.deploy.testing.JwtResource;
import io.gfsbackup.deploy.testing.KafkaResource;
import io.gfsbackup.deploy.testing.MotoResource;
import io.gfsbackup.deploy.testing.PostgresResource;
import io.gfsbackup.deploy.testing.Tokens;
import io.gfsbackup.retention.api.ChainOpened;
import io.gfsbackup.retention.command.BackupChainAggregate;
import io.gfsbackup.retention.api.AxonJson;
import io.gfsbackup.retention.config.AxonRuntime;
import io.gfsbackup.retention.query.ChainAudit;
import io.gfsbackup.retention.query.ChainView;
import io.gfsbackup.retention.support.Chains;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * As-of replay of a chain with 10,000 events: the events are decided by the contracts chain (Veeam slots, two a
 * day, advanced at every slot) and appended through Axon's storage engine, so they are stored exactly as the
 * service stores them. Run by hand:
 * {@code mvn -B test -pl retention-service -Dtest=AsOfReplayBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(JwtResource.class)
@WithTestResource(MotoResource.class)
class AsOfReplayBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.events", 10_000);
    private static final int ITERATIONS = Integer.getInteger("bench.iterations", 200);

    @Inject
    AxonRuntime axon;

    @Inject
    ChainAudit audit;

    @Inject
    io.gfsbackup.retention.query.EventLog eventLog;

    @Inject
    javax.sql.DataSource dataSource;

    @Test
    void asOfReplayOfAChainWithTenThousandEvents() {
        UUID policy = UUID.randomUUID();
        TableRef table = Chains.uniqueTable("bench-asof");
        UUID chainId = Ids.chainId(policy, table.arn());
        List<Object> payloads = new ArrayList<>();
        payloads.add(new ChainOpened(chainId, policy, table));
        BackupChain chain = new BackupChain();
        Instant slot = Instant.parse("2026-01-05T07:00:00Z");
        while (payloads.size() < EVENTS) {
            payloads.addAll(chain.applyAll(chain.recordPoint(slot, Chains.veeamFlags(slot),
                    Chains.backupArn(table, slot), Chains.veeam(1))));
            payloads.addAll(chain.applyAll(chain.advanceTo(slot)));
            slot = slot.plus(Duration.ofHours(slot.atZone(java.time.ZoneOffset.UTC).getHour() == 7 ? 4 : 20));
        }
        List<Object> stored = payloads.subList(0, EVENTS);
        // the events are appended without the read models the publisher needs: keep it out of the measurement
        axon.publisherProcessor().shutDown();
        append(chainId, stored);
        Instant asOf = ((ChainEvent) stored.get(EVENTS * 3 / 4)).at();
        System.out.printf("%nAsOfReplayBenchmark: chain of %d events, %d points, as of %s%n", stored.size(),
                chain.points().size(), asOf);

        for (int i = 0; i < 30; i++) {
            eventLog.forget(chainId);
            audit.asOf(chainId, asOf);
        }
        long[] cold = new long[ITERATIONS];
        ChainView view = null;
        for (int i = 0; i < ITERATIONS; i++) {
            eventLog.forget(chainId);
            long t0 = System.nanoTime();
            view = audit.asOf(chainId, asOf);
            cold[i] = System.nanoTime() - t0;
        }
        report("service, cold (event log read + decode of every event + replay)", cold);
        long[] warm = new long[ITERATIONS];
        for (int i = 0; i < ITERATIONS; i++) {
            long t0 = System.nanoTime();
            ChainView again = audit.asOf(chainId, asOf);
            warm[i] = System.nanoTime() - t0;
            if (again.events() != view.events()) {
                throw new IllegalStateException("warm answer differs: " + again.events() + " events");
            }
        }
        report("service, warm (decoded events kept; read of the events after them + replay)", warm);
        System.out.printf("  answer: %d events replayed, %d points, %d alive%n", view.events(),
                view.points().size(), view.alivePoints());

        long[] raw = new long[ITERATIONS / 2];
        long[] decode = new long[ITERATIONS / 2];
        for (int i = 0; i < raw.length; i++) {
            long t0 = System.nanoTime();
            List<Object[]> rows = rawRows(chainId);
            raw[i] = System.nanoTime() - t0;
            long t1 = System.nanoTime();
            for (Object[] row : rows) {
                try {
                    AxonJson.mapper().readValue((byte[]) row[1], Class.forName((String) row[0]));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            decode[i] = System.nanoTime() - t1;
        }
        report("breakdown: plain JDBC read of the 10,000 payloads", raw);
        report("breakdown: Jackson decoding of the 10,000 payloads", decode);

        int restIterations = Math.max(10, ITERATIONS / 4);
        long[] rest = new long[restIterations];
        for (int i = 0; i < restIterations; i++) {
            long t0 = System.nanoTime();
            given().header("Authorization", Tokens.auditor())
                    .get("/api/v1/chains/{id}?asOf={asOf}", chainId, asOf.toString()).then().statusCode(200);
            rest[i] = System.nanoTime() - t0;
        }
        report("REST GET ?asOf= (with JSON of every point)", rest);
    }

    private List<Object[]> rawRows(UUID chainId) {
        try (java.sql.Connection connection = dataSource.getConnection();
             java.sql.PreparedStatement statement = connection.prepareStatement("SELECT payload_type, payload "
                     + "FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number")) {
            statement.setString(1, chainId.toString());
            List<Object[]> rows = new ArrayList<>();
            try (java.sql.ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new Object[] {result.getString(1), result.getBytes(2)});
                }
            }
            return rows;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void append(UUID chainId, List<Object> payloads) {
        String type = BackupChainAggregate.class.getSimpleName();
        for (int from = 0; from < payloads.size(); from += 500) {
            List<DomainEventMessage<?>> batch = new ArrayList<>();
            for (int seq = from; seq < Math.min(from + 500, payloads.size()); seq++) {
                batch.add(new GenericDomainEventMessage<>(type, chainId.toString(), seq, payloads.get(seq)));
            }
            QuarkusTransaction.requiringNew().run(() -> axon.storageEngine().appendEvents(batch));
        }
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %s: n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms%n", what, sorted.length,
                ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
