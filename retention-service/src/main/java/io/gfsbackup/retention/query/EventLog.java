package io.gfsbackup.retention.query;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import com.fasterxml.jackson.databind.ObjectReader;

import io.gfsbackup.retention.api.AxonJson;

/**
 * Reads the events of one chain straight from Axon's {@code domain_event_entry} table, from the first one,
 * decoding each payload with the event store's own Jackson configuration ({@link AxonJson}). It is what the audit
 * replays read: snapshots are never involved, and it skips the per-message wrapping of Axon's event stream, which
 * is most of the cost above the query and the decoding themselves when a chain has thousands of events (see
 * docs/benchmarks-retention.md). No upcasters are configured; when one is, the audit must read through the
 * storage engine instead.
 *
 * <p>Stored events never change and a chain's events become visible in sequence order (one chain's commands are
 * serialised, and a concurrent append from another process fails on the sequence number). So the decoded events
 * of recently read chains are kept in a Caffeine cache, up to {@code gfs.retention.audit.cached-events} events in
 * all (Caffeine's eviction picks the chains that go), and a later read of the same chain asks the database only for the events after the last
 * one it has. Large reads are decoded on all cores.
 */
@ApplicationScoped
public class EventLog {

    private static final String SELECT = "SELECT sequence_number, payload_type, payload FROM domain_event_entry "
            + "WHERE aggregate_identifier = ? AND sequence_number > ? ORDER BY sequence_number";
    /** Below this many new events a read is decoded on the calling thread. */
    private static final int PARALLEL_FROM = 2_000;

    private final Map<String, ObjectReader> readers = new ConcurrentHashMap<>();
    private Cache<UUID, List<StoredEvent>> cache;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "gfs.retention.audit.cached-events", defaultValue = "200000")
    long maxCachedEvents;

    @PostConstruct
    void createCache() {
        cache = Caffeine.newBuilder()
                .maximumWeight(maxCachedEvents)
                .<UUID, List<StoredEvent>>weigher((chainId, events) -> events.size())
                .build();
    }

    /** One stored event: its sequence number in the chain and its payload. */
    public record StoredEvent(long sequence, Object payload) {
    }

    /** Every event of the chain, in sequence order (an empty list for an unknown chain). */
    public List<StoredEvent> read(UUID chainId) {
        List<StoredEvent> known = cached(chainId);
        long after = known.isEmpty() ? -1 : known.get(known.size() - 1).sequence();
        List<StoredEvent> fresh = readAfter(chainId, after);
        if (fresh.isEmpty()) {
            return known;
        }
        List<StoredEvent> all = new ArrayList<>(known.size() + fresh.size());
        all.addAll(known);
        all.addAll(fresh);
        List<StoredEvent> events = Collections.unmodifiableList(all);
        remember(chainId, events);
        return events;
    }

    /** Forgets the decoded events of a chain, so that the next read decodes them all again (benchmarks). */
    public void forget(UUID chainId) {
        cache.invalidate(chainId);
    }

    /** How many decoded events are kept now, in all chains (after pending evictions). */
    long cachedEvents() {
        cache.cleanUp();
        return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    private List<StoredEvent> cached(UUID chainId) {
        List<StoredEvent> known = cache.getIfPresent(chainId);
        return known == null ? List.of() : known;
    }

    private void remember(UUID chainId, List<StoredEvent> events) {
        // a concurrent read may have got as far already: keep the longer list
        cache.asMap().merge(chainId, events, (current, fresh) -> current.size() >= fresh.size() ? current : fresh);
    }

    private List<StoredEvent> readAfter(UUID chainId, long after) {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(SELECT)) {
            statement.setString(1, chainId.toString());
            statement.setLong(2, after);
            statement.setFetchSize(1000);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getLong(1), reader(result.getString(2)), result.getBytes(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the events of chain " + chainId, e);
        }
        int count = rows.size();
        StoredEvent[] decoded = new StoredEvent[count];
        int parts = count < PARALLEL_FROM ? 1 : Runtime.getRuntime().availableProcessors();
        List<CompletableFuture<Void>> others = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            int from = count * part / parts;
            int to = count * (part + 1) / parts;
            Runnable decode = () -> {
                for (int i = from; i < to; i++) {
                    decoded[i] = rows.get(i).decode(chainId);
                }
            };
            if (part == parts - 1) {
                decode.run();
            } else {
                others.add(CompletableFuture.runAsync(decode));
            }
        }
        others.forEach(CompletableFuture::join);
        return List.of(decoded);
    }

    /** A row read, not yet decoded. */
    private record Row(long sequence, ObjectReader reader, byte[] payload) {
        StoredEvent decode(UUID chainId) {
            try {
                return new StoredEvent(sequence, reader.readValue(payload));
            } catch (IOException e) {
                throw new IllegalStateException("cannot decode event " + sequence + " of chain " + chainId, e);
            }
        }
    }

    private ObjectReader reader(String payloadType) {
        return readers.computeIfAbsent(payloadType, type -> {
            try {
                return AxonJson.mapper().readerFor(Class.forName(type, false, EventLog.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("unknown event type " + type, e);
            }
        });
    }
}
