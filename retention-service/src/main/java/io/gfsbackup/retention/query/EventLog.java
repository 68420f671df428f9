package io.gfsbackup.retention.query;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectReader;

import io.gfsbackup.retention.config.AxonJson;

/**
 * Reads the events of one chain straight from Axon's {@code domain_event_entry} table, from the first one, in
 * one query, decoding each payload with the event store's own Jackson configuration ({@link AxonJson}). It is
 * what the audit replays read: snapshots are never involved, and it skips the per-message wrapping of Axon's
 * event stream, which is most of the cost above the query and the decoding themselves when a chain has
 * thousands of events (see docs/benchmarks-retention.md). No upcasters are configured; when one is, the audit
 * must read through the storage engine instead.
 */
@ApplicationScoped
public class EventLog {

    private static final String SELECT = "SELECT sequence_number, payload_type, payload FROM domain_event_entry "
            + "WHERE aggregate_identifier = ? ORDER BY sequence_number";

    private final Map<String, ObjectReader> readers = new ConcurrentHashMap<>();

    @Inject
    DataSource dataSource;

    /** One stored event: its sequence number in the chain and its payload. */
    public record StoredEvent(long sequence, Object payload) {
    }

    public List<StoredEvent> read(UUID chainId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(SELECT)) {
            statement.setString(1, chainId.toString());
            statement.setFetchSize(1000);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    events.add(new StoredEvent(result.getLong(1),
                            reader(result.getString(2)).readValue(result.getBytes(3))));
                }
            }
            return events;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot read the events of chain " + chainId, e);
        }
    }

    private ObjectReader reader(String payloadType) {
        return readers.computeIfAbsent(payloadType, type -> {
            try {
                return AxonJson.mapper().readerFor(Class.forName(type, false,
                        Thread.currentThread().getContextClassLoader()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("unknown event type " + type, e);
            }
        });
    }
}
